// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineServer;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Profile {@code protocol}: what the official engine.io-protocol v4 and socket.io-protocol v5
 * suites expect on their one port.
 * <ul>
 *   <li>{@code /engine.io/}: a raw Engine.IO server that echoes every text and binary message;</li>
 *   <li>{@code /socket.io/}: a Socket.IO server (connectTimeout 1 s, no state recovery) whose
 *       namespaces {@code /} and {@code /custom} emit "auth" with the CONNECT payload; on
 *       {@code /}, "message" is answered by "message-back" with the same arguments and
 *       "message-with-ack" is acknowledged with them; other namespaces are refused.</li>
 * </ul>
 * Both run with pingInterval 300 ms, pingTimeout 200 ms, maxHttpBufferSize 1e6 and CORS open to
 * any origin.
 *
 * <p>Thread-safe.
 */
final class ProtocolProfile implements Profile {

    static final Duration PING_INTERVAL = Duration.ofMillis(300);
    static final Duration PING_TIMEOUT = Duration.ofMillis(200);
    static final int MAX_HTTP_BUFFER_SIZE = 1_000_000;

    private final EventLoopGroup group = HttpEndpoint.newGroup();
    private final EngineServer echo;
    private final SocketIoServer io;
    private final HttpEndpoint endpoint;

    ProtocolProfile() {
        EngineOptions engineOptions = EngineOptions.builder()
                .path("/engine.io/")
                .pingInterval(PING_INTERVAL)
                .pingTimeout(PING_TIMEOUT)
                .maxHttpBufferSize(MAX_HTTP_BUFFER_SIZE)
                .cors(CorsOptions.anyOrigin())
                .eventLoopGroup(group)
                .build();
        this.echo = EngineServer.create(engineOptions, ProtocolProfile::echo);
        this.io = SocketIoServer.create(ServerOptions.builder()
                .path("/socket.io/")
                .pingInterval(PING_INTERVAL)
                .pingTimeout(PING_TIMEOUT)
                .maxHttpBufferSize(MAX_HTTP_BUFFER_SIZE)
                .cors(CorsOptions.anyOrigin())
                .connectTimeout(Duration.ofMillis(1000))
                .connectionStateRecovery(null)
                .configureEngine(e -> e.eventLoopGroup(group))
                .build());
        configure(io);
        this.endpoint = new HttpEndpoint(group, List.of(echo::newHttpHandler, io::newHttpHandler));
    }

    private static void echo(EngineSocket socket) {
        socket.setListener(new EngineSocket.Listener() {
            @Override
            public void onMessage(String text) {
                socket.send(text);
            }

            @Override
            public void onBinary(byte[] data) {
                socket.send(data);
            }

            @Override
            public void onClose(CloseReason reason, String description) {
                // nothing to clean up: the echo keeps no state
            }
        });
    }

    /** The Socket.IO side of the contract (also used by tests that need it on a server of their own). */
    static void configure(SocketIoServer io) {
        io.on("connection", socket -> {
            emitAuth(socket);
            socket.onArgs("message", (args, ack) ->
                    socket.emit("message-back", args.toArray()));
            socket.onArgs("message-with-ack", (args, ack) ->
                    ack.send(args.toArray()));
        });
        Namespace custom = io.of("/custom");
        custom.on("connection", ProtocolProfile::emitAuth);
    }

    private static void emitAuth(Socket socket) {
        JsonNode auth = socket.handshake().auth();
        socket.emit("auth", auth);
    }

    @Override
    public CompletableFuture<InetSocketAddress> start(String host, int port) {
        return endpoint.bind(host, port);
    }

    @Override
    public void close() {
        io.closeAsync().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        echo.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        endpoint.close();
    }
}
