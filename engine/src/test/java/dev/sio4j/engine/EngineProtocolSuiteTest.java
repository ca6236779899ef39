// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.engine.internal.SessionProbe;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviours of the official engine.io-protocol v4 test suite (25 cases), as our own tests
 * against a real server on port 0 with pingInterval 300 ms and pingTimeout 200 ms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineProtocolSuiteTest {

    private static final RawClient HTTP = RawClient.shared();

    EchoServer s;

    @BeforeAll
    void start() {
        s = new EchoServer();
    }

    @AfterAll
    void stop() {
        s.close();
    }

    // ---- HandshakePolling ----
    @Test
    void handshakePollingOpensASession() throws Exception {
        HttpResponse<String> r = HTTP.get(s.url("EIO=4&transport=polling"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
        assertThat(r.body()).startsWith("0{\"sid\":\"")
                .endsWith("\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
    }

    @Test
    void handshakePollingFailsWithAnInvalidEio() throws Exception {
        assertThat(HTTP.get(s.url("transport=polling")).statusCode()).isEqualTo(400);
        HttpResponse<String> r = HTTP.get(s.url("EIO=abc&transport=polling"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"code\":5,\"message\":\"Unsupported protocol version\",\"id\":\"");
    }

    @Test
    void handshakePollingFailsWithAnInvalidTransport() throws Exception {
        assertThat(HTTP.get(s.url("EIO=4")).body()).startsWith("{\"code\":0,\"message\":\"Transport unknown\",\"id\":\"");
        assertThat(HTTP.get(s.url("EIO=4&transport=abc")).statusCode()).isEqualTo(400);
    }

    @Test
    void handshakePollingFailsWithAnInvalidMethod() throws Exception {
        HttpResponse<String> post = HTTP.post(s.url("EIO=4&transport=polling"), "");
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).startsWith("{\"code\":2,\"message\":\"Bad handshake method\",\"id\":\"");
        assertThat(HTTP.send("PUT", s.url("EIO=4&transport=polling"), "").statusCode()).isEqualTo(400);
    }

    // ---- HandshakeWebSocket ----
    @Test
    void handshakeWebSocketOpensASession() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        assertThat(ws.nextText()).startsWith("0{\"sid\":\"")
                .endsWith("\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
        ws.abort();
    }

    @Test
    void handshakeWebSocketFailsWithAnInvalidEio() {
        assertThatThrownBy(() -> RawWebSocket.open(s.wsUrl("transport=websocket"))).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThatThrownBy(() -> RawWebSocket.open(s.wsUrl("EIO=abc&transport=websocket"))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void handshakeWebSocketFailsWithAnInvalidTransport() {
        assertThatThrownBy(() -> RawWebSocket.open(s.wsUrl("EIO=4"))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> RawWebSocket.open(s.wsUrl("EIO=4&transport=abc"))).isInstanceOf(RuntimeException.class);
    }

    // ---- MessagePolling ----
    @Test
    void messagePollingOneTextPacket() throws Exception {
        String sid = s.openPolling();
        HttpResponse<String> push = HTTP.post(s.pollUrl(sid), "4hello");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4hello");
    }

    @Test
    void messagePollingSeveralTextPackets() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.post(s.pollUrl(sid), "4test1\u001e4test2\u001e4test3").body()).isEqualTo("ok");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4test1\u001e4test2\u001e4test3");
    }

    @Test
    void messagePollingTextAndBinaryPackets() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.post(s.pollUrl(sid), "4hello\u001ebAQIDBA==").body()).isEqualTo("ok");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void messagePollingInvalidPacketClosesTheSession() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.post(s.pollUrl(sid), "abc").statusCode()).isEqualTo(400);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void messagePollingDuplicatePollsCloseTheSession() throws Exception {
        // A ping (every 300 ms) that answers the first GET before the second arrives leaves no
        // duplicate to test: that attempt is retried, as in the test below.
        for (int attempt = 0; attempt < 3; attempt++) {
            String sid = s.openPolling();
            CompletableFuture<HttpResponse<String>> first = HTTP.getAsync(s.pollUrl(sid));
            org.awaitility.Awaitility.await().until(() -> s.connections.stream().anyMatch(c -> c.id().equals(sid)));
            // The first GET must be parked before the second arrives: wait until the server holds it.
            HttpResponse<String> second;
            do {
                second = HTTP.get(s.url("EIO=4&transport=polling&sid=" + sid + "&t=burst"));
            } while (second.statusCode() == 200 && !first.isDone());
            HttpResponse<String> r1 = first.join();
            assertThat(r1.statusCode()).isEqualTo(200);
            if (r1.body().equals("2") && second.statusCode() == 200) {
                continue;
            }
            assertThat(r1.body()).isEqualTo("1");
            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
            return;
        }
        throw new AssertionError("every attempt was overtaken by a ping");
    }

    @Test
    void messagePollingCancelledPollClosesTheSession() throws Exception {
        // engine.io: a parked GET whose connection closes is a transport error. The suite's
        // server pings every 300 ms; should a ping answer the GET before the connection is
        // closed, the session would end by ping timeout instead, so that attempt is retried.
        for (int attempt = 0; attempt < 3; attempt++) {
            String sid = s.openPolling();
            EngineSocket socket = s.socketOf(sid);
            try (RawConnection raw = RawConnection.open(s.address)) {
                raw.write("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                        .until(() -> SessionProbe.hasPendingGet(socket));
            }
            EchoServer.Closed c = s.closeOf(sid);
            if (c.reason() == CloseReason.PING_TIMEOUT) {
                continue;
            }
            assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(c.description()).isEqualTo("poll connection closed prematurely");
            assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
            return;
        }
        throw new AssertionError("every attempt was overtaken by a ping");
    }

    // ---- MessageWebSocket ----
    @Test
    void messageWebSocketTextPacket() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        ws.send("4hello");
        assertThat(nextAnsweringPings(ws)).isEqualTo("4hello");
        ws.abort();
    }

    @Test
    void messageWebSocketBinaryPacket() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        ws.socket().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), true).join();
        assertThat(ws.nextFrame().bytes()).containsExactly(1, 2, 3, 4);
        ws.abort();
    }

    @Test
    void messageWebSocketInvalidPacketClosesTheSession() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        ws.send("abc");
        ws.awaitCloseCode();
    }

    // ---- Heartbeat ----
    @Test
    void heartbeatPollingPingPong() throws Exception {
        String sid = s.openPolling();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> poll = HTTP.get(s.pollUrl(sid));
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("2");
            assertThat(HTTP.post(s.pollUrl(sid), "3").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void heartbeatPollingPingTimeout() throws Exception {
        String sid = s.openPolling();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> HTTP.get(s.pollUrl(sid)).statusCode() == 400);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.PING_TIMEOUT);
    }

    @Test
    void heartbeatWebSocketPingPong() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        for (int i = 0; i < 3; i++) {
            assertThat(ws.nextText()).isEqualTo("2");
            ws.send("3");
        }
        ws.abort();
    }

    @Test
    void heartbeatWebSocketPingTimeout() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        String open = ws.nextText();
        assertThat(ws.awaitCloseCode()).as("an empty Close frame, as ws sends").isEqualTo(1005);
        assertThat(s.closeOf(open.substring(9, open.indexOf('"', 9))).reason()).isEqualTo(CloseReason.PING_TIMEOUT);
    }

    // ---- Close ----
    @Test
    void closePollingForcefulClose() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        CompletableFuture<HttpResponse<String>> poll = HTTP.getAsync(s.pollUrl(sid));
        // The GET must be parked before the CLOSE is posted, or the POST could overtake it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() -> SessionProbe.hasPendingGet(socket));
        assertThat(HTTP.post(s.pollUrl(sid), "1").statusCode()).isEqualTo(200);
        assertThat(poll.join().body()).isEqualTo("6");
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void closeWebSocketForcefulClose() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        ws.send("1");
        ws.awaitCloseCode();
    }

    // ---- Upgrade ----
    @Test
    void upgradeUpgradesFromPollingToWebSocket() throws Exception {
        String sid = s.openPolling();
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        HttpResponse<String> poll = HTTP.get(s.pollUrl(sid));
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).isEqualTo("6");
        ws.send("5");
        ws.send("4hello");
        assertThat(nextAnsweringPings(ws)).isEqualTo("4hello");
        ws.abort();
    }

    @Test
    void upgradeIgnoresHttpRequestsAfterUpgrade() throws Exception {
        String sid = s.openPolling();
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        ws.nextText();
        ws.send("5");
        org.awaitility.Awaitility.await().until(() ->
                HTTP.get(s.pollUrl(sid)).statusCode() == 400);
        ws.send("4hello");
        assertThat(nextAnsweringPings(ws)).isEqualTo("4hello");
        ws.abort();
    }

    @Test
    void upgradeIgnoresASecondWebSocketAfterUpgrade() throws Exception {
        String sid = s.openPolling();
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        ws.nextText();
        ws.send("5");
        CompletableFuture<RawWebSocket> attempt = CompletableFuture.supplyAsync(
                () -> RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid)));
        org.awaitility.Awaitility.await().until(() -> attempt.isCompletedExceptionally()
                || attempt.isDone() && attempt.join().closed().isDone());
        ws.send("4hello");
        assertThat(nextAnsweringPings(ws)).isEqualTo("4hello");
        ws.abort();
    }

    /**
     * The next text frame that is not a ping, answering pings on the way: the server pings every
     * 300 ms, and on a loaded machine the steps before may take longer than that.
     */
    private static String nextAnsweringPings(RawWebSocket ws) throws Exception {
        String text = ws.nextText();
        while (text.equals("2")) {
            ws.send("3");
            text = ws.nextText();
        }
        return text;
    }
}
