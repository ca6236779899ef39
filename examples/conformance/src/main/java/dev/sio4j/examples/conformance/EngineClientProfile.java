// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineServer;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.protocol.internal.HttpDates;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Profile {@code engine-client}: the server engine.io-client's own test suite expects on its
 * port. A raw Engine.IO endpoint at {@code /engine.io/} with pingInterval 500 ms and
 * maxHttpBufferSize 100 that refuses handshakes whose query has {@code deny}, says "hi" to every
 * new session, echoes messages (except the three commands below) and sets four cookies on the
 * handshake response:
 * <ul>
 *   <li>"give binary": answers the bytes 0, 1, 2, 3, 4;</li>
 *   <li>"give utf8": answers a fixed Cyrillic sentence;</li>
 *   <li>"sendHeaders": answers the JSON of the headers of the POST that carried it.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class EngineClientProfile implements Profile {

    static final String UTF8_SENTENCE = "пойду спать всем спокойной ночи";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataRequestHeaders dataRequests = new DataRequestHeaders();
    private final EventLoopGroup group = HttpEndpoint.newGroup();
    private final EngineServer engine;
    private final HttpEndpoint endpoint;

    EngineClientProfile() {
        EngineOptions options = EngineOptions.builder()
                .path("/engine.io/")
                .pingInterval(Duration.ofMillis(500))
                .maxHttpBufferSize(100)
                .allowRequest(request -> CompletableFuture.completedFuture(
                        request.query().containsKey("deny")
                                ? AllowRequest.Decision.deny("query has deny")
                                : AllowRequest.Decision.allow()))
                .initialHeaders((request, headers) -> headers.add(HttpHeaderNames.SET_COOKIE, cookies(Instant.now())))
                .eventLoopGroup(group)
                .build();
        this.engine = EngineServer.create(options, this::onConnection);
        this.endpoint = new HttpEndpoint(group, List.of(dataRequests::handler, engine::newHttpHandler));
    }

    /** The four cookies of the official test server, in its attribute order; the last expires now. */
    static List<String> cookies(Instant now) {
        return List.of(
                "1=1; Max-Age=86400",
                "2=2; Path=/; HttpOnly; Secure; SameSite=Strict",
                "3=3; Max-Age=0",
                "4=4; Expires=" + HttpDates.format(now));
    }

    private void onConnection(EngineSocket socket) {
        socket.setListener(new EngineSocket.Listener() {
            @Override
            public void onMessage(String text) {
                switch (text) {
                    case "give binary" -> socket.send(new byte[] {0, 1, 2, 3, 4});
                    case "give utf8" -> socket.send(UTF8_SENTENCE);
                    case "sendHeaders" -> socket.send(headersJson(socket.id()));
                    default -> socket.send(text);
                }
            }

            @Override
            public void onBinary(byte[] data) {
                socket.send(data);
            }

            @Override
            public void onClose(CloseReason reason, String description) {
                dataRequests.forget(socket.id());
            }
        });
        socket.send("hi");
    }

    private String headersJson(String sid) {
        try {
            return JSON.writeValueAsString(dataRequests.latest(sid));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    @Override
    public CompletableFuture<InetSocketAddress> start(String host, int port) {
        return endpoint.bind(host, port);
    }

    @Override
    public void close() {
        engine.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        endpoint.close();
    }
}
