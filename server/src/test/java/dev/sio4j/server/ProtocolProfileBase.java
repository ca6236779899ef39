// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A server set up as the conformance app's "protocol" profile, which the official
 * socket.io-protocol v5 suite runs against: pingInterval 300 ms, pingTimeout 200 ms,
 * connectTimeout 1 s, maxHttpBufferSize 1e6; on "/" and "/custom" each socket gets "auth" with
 * its CONNECT payload; "message" answers "message-back" and "message-with-ack" acks, both with
 * the same arguments. Plus raw WebSocket and HTTP helpers.
 */
abstract class ProtocolProfileBase extends ServerTestBase {

    static final int PING_INTERVAL = 300;
    static final int PING_TIMEOUT = 200;

    private final List<RawWebSocket> sockets = new ArrayList<>();
    private static final RawClient HTTP = RawClient.shared();

    /** An HTTP answer, comparable in assertions. */
    record Reply(int status, String body) {
    }

    @BeforeEach
    void startProtocolProfile() {
        start(b -> b.connectTimeout(Duration.ofMillis(1000)).pingInterval(Duration.ofMillis(PING_INTERVAL))
                .pingTimeout(Duration.ofMillis(PING_TIMEOUT)).maxHttpBufferSize(1_000_000));
        for (String ns : List.of("/", "/custom")) {
            io.of(ns).on("connection", s -> {
                s.emit("auth", s.handshake().auth());
                s.onArgs("message", (List<JsonNode> args, Ack ack) -> s.emit("message-back", args.toArray()));
                s.onArgs("message-with-ack", (List<JsonNode> args, Ack ack) -> ack.send(args.toArray()));
            });
        }
        listen();
    }

    @AfterEach
    void closeRawSockets() {
        sockets.forEach(RawWebSocket::close);
    }

    /** A WebSocket session; its OPEN packet is consumed. */
    RawWebSocket ws(boolean autoPong) {
        RawWebSocket r = rawWs("EIO=4&transport=websocket", autoPong);
        sockets.add(r);
        String open = r.nextFrame().text();
        if (open == null || !open.startsWith("0{")) {
            throw new AssertionError("no OPEN packet: " + open);
        }
        return r;
    }

    /** A WebSocket connected to "/" (the CONNECT answer and the "auth" event consumed), pinged and ponging. */
    RawWebSocket connectedWs() {
        RawWebSocket r = ws(true);
        r.send("40");
        if (!r.nextTextSkippingPings().startsWith("40{")) {
            throw new AssertionError("no CONNECT answer");
        }
        if (!r.nextTextSkippingPings().equals("42[\"auth\",{}]")) {
            throw new AssertionError("no auth event");
        }
        return r;
    }

    RawWebSocket track(RawWebSocket r) {
        sockets.add(r);
        return r;
    }

    /** A raw WebSocket to {@code /socket.io/?query}; {@code autoPong} answers the pings. */
    RawWebSocket rawWs(String query, boolean autoPong) {
        return RawWebSocket.to(wsUrl(query)).answerPings(autoPong).open();
    }

    String wsUrl(String query) {
        return "ws://127.0.0.1:" + address.getPort() + "/socket.io/?" + query;
    }

    String url(String query) {
        return "http://127.0.0.1:" + address.getPort() + "/socket.io/?" + query;
    }

    Reply get(String query) {
        return request(HTTP.request(url(query)).GET());
    }

    CompletableFuture<Reply> getAsync(String query) {
        return HTTP.sendAsync(HTTP.request(url(query)).GET()).thenApply(r -> new Reply(r.statusCode(), r.body()));
    }

    Reply post(String query, String body) {
        return request(HTTP.request(url(query)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String query) {
        return request(HTTP.request(url(query)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    private Reply request(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b);
            return new Reply(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Opens a polling session and returns its sid. */
    String pollingSession() {
        Reply r = get("EIO=4&transport=polling");
        if (r.status() != 200 || !r.body().startsWith("0{")) {
            throw new AssertionError("handshake failed: " + r);
        }
        try {
            return JSON.readTree(r.body().substring(1)).get("sid").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
