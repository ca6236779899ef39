// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket.Binary;
import dev.sio4j.testsupport.RawWebSocket.Closed;
import dev.sio4j.testsupport.RawWebSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handshake and message cases of the official engine.io-protocol v4 test suite, in our own
 * words, against the {@code protocol} profile (heartbeat, close and upgrade are in
 * {@link EngineLifecycleSuiteTest}). The Engine.IO cases also run on {@code /socket.io/}, as the
 * socket.io-protocol v5 suite repeats them there. See docs/conformance.md.
 */
class EngineProtocolSuiteTest {

    private static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.PROTOCOL);

    // ---- handshake, HTTP long-polling

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingHandshakeOpensASession(String path) throws Exception {
        var reply = server.http().get(path + "?EIO=4&transport=polling");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).startsWith("0");
        JsonNode open = Json.parse(reply.body().substring(1));
        assertThat(open.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.path("sid").isTextual()).isTrue();
        assertThat(open.path("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(open.path("pingInterval").asInt()).isEqualTo(300);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(200);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingHandshakeRefusesAMissingOrInvalidEio(String path) throws Exception {
        assertThat(server.http().get(path + "?transport=polling").statusCode()).isEqualTo(400);
        assertThat(server.http().get(path + "?EIO=abc&transport=polling").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingHandshakeRefusesAMissingOrUnknownTransport(String path) throws Exception {
        assertThat(server.http().get(path + "?EIO=4").statusCode()).isEqualTo(400);
        assertThat(server.http().get(path + "?EIO=4&transport=abc").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingHandshakeRefusesPostAndPut(String path) throws Exception {
        assertThat(server.http().post(path + "?EIO=4&transport=polling", "").statusCode()).isEqualTo(400);
        assertThat(server.http().send("PUT", path + "?EIO=4&transport=polling", "").statusCode()).isEqualTo(400);
    }

    // ---- handshake, WebSocket

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void webSocketHandshakeOpensASessionWithoutUpgrades(String path) {
        try (RawWebSocket ws = server.webSocket(path + "?EIO=4&transport=websocket")) {
            String text = ws.nextText();
            assertThat(text).startsWith("0");
            JsonNode open = Json.parse(text.substring(1));
            assertThat(open.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
            assertThat(open.path("upgrades").size()).isZero();
            assertThat(open.path("pingInterval").asInt()).isEqualTo(300);
            assertThat(open.path("pingTimeout").asInt()).isEqualTo(200);
            assertThat(open.path("maxPayload").asInt()).isEqualTo(1_000_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void webSocketHandshakeRefusesBadEioOrTransport(String path) {
        for (String query : List.of("?transport=websocket", "?EIO=abc&transport=websocket", "?EIO=4", "?EIO=4&transport=abc")) {
            try (RawWebSocket ws = server.webSocket(path + query)) {
                assertThat(ws.awaitClose(RawWebSocket.WAIT)).as(query).isNotNull();
            }
        }
    }

    // ---- messages (raw Engine.IO echo endpoint only)

    /** A poll's payload without the pings a slow test run may find queued before its data. */
    private static String withoutPings(String payload) {
        return String.join("\u001e", java.util.Arrays.stream(payload.split("\u001e", -1))
                .filter(p -> !p.equals("2")).toList());
    }

    @Test
    void pollingEchoesOnePlainTextPacket() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        var push = server.http().post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hello");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");
        var poll = server.http().get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(withoutPings(poll.body())).isEqualTo("4hello");
    }

    @Test
    void pollingEchoesSeveralPacketsInOnePayload() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(server.http().post(url, "4test1\u001e4test2\u001e4test3").body()).isEqualTo("ok");
        assertThat(withoutPings(server.http().get(url).body())).isEqualTo("4test1\u001e4test2\u001e4test3");
    }

    @Test
    void pollingEchoesTextAndBase64BinaryPackets() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        assertThat(server.http().post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hello\u001ebAQIDBA==").body())
                .isEqualTo("ok");
        assertThat(withoutPings(server.http().get("/engine.io/?EIO=4&transport=polling&sid=" + sid).body()))
                .isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void pollingClosesTheSessionOnAnInvalidPacket() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        var push = server.http().post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "abc");
        assertThat(push.statusCode()).isEqualTo(400);
        assertThat(server.http().get("/engine.io/?EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void pollingClosesTheSessionOnOverlappingPolls() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        String poll = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        CompletableFuture<HttpResponse<String>> first = server.http().getAsync(poll);
        CompletableFuture<HttpResponse<String>> second = server.http().getAsync(poll + "&t=burst");
        List<HttpResponse<String>> replies = List.of(first.join(), second.join());
        // Whichever arrived first is ended with a CLOSE packet; the overlapping one is refused.
        assertThat(replies).filteredOn(r -> r.statusCode() == 200).singleElement()
                .extracting(HttpResponse::body).isEqualTo("1");
        assertThat(replies).filteredOn(r -> r.statusCode() != 200).singleElement()
                .extracting(HttpResponse::statusCode).isIn(400, 500);
        assertThat(server.http().get(poll).statusCode()).isEqualTo(400);
    }

    @Test
    void pollingClosesTheSessionWhenAPollIsAbandoned() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        server.abandonedGet("/engine.io/?EIO=4&transport=polling&sid=" + sid);
        await().atMost(HEARTBEAT_WAIT).until(() ->
                server.http().get("/engine.io/?EIO=4&transport=polling&sid=" + sid).statusCode() == 400);
    }

    @Test
    void webSocketEchoesAPlainTextPacket() {
        try (RawWebSocket ws = server.webSocket("/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.send("4hello");
            assertThat(ws.nextText()).isEqualTo("4hello");
        }
    }

    @Test
    void webSocketEchoesABinaryPacket() {
        try (RawWebSocket ws = server.webSocket("/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.sendBinary(new byte[] {1, 2, 3, 4});
            assertThat(ws.nextFrame()).isInstanceOfSatisfying(Binary.class,
                    b -> assertThat(b.bytes()).containsExactly(1, 2, 3, 4));
        }
    }

    @Test
    void webSocketClosesTheSessionOnAnInvalidPacket() {
        try (RawWebSocket ws = server.webSocket("/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.send("abc");
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isInstanceOf(Closed.class);
        }
    }
}
