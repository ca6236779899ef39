// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Engine.IO half of the official socket.io-protocol v5 suite (16 cases: handshake,
 * heartbeat, close, upgrade), run against the Socket.IO server's path with the "protocol"
 * profile. One test per case of the suite, named after it.
 */
class ProtocolSuiteEngineTest extends ProtocolProfileBase {

    private static final String POLLING = "EIO=4&transport=polling";

    private static JsonNode openPayload(String frame) throws Exception {
        assertThat(frame).startsWith("0");
        return JSON.readTree(frame.substring(1));
    }

    private static void assertHandshake(JsonNode open, String upgrades) {
        List<String> keys = new ArrayList<>();
        open.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("sid").isTextual()).isTrue();
        assertThat(open.get("upgrades").toString()).isEqualTo(upgrades);
        assertThat(open.get("pingInterval").asInt()).isEqualTo(PING_INTERVAL);
        assertThat(open.get("pingTimeout").asInt()).isEqualTo(PING_TIMEOUT);
        assertThat(open.get("maxPayload").asInt()).isEqualTo(1_000_000);
    }

    // ---- handshake, HTTP long-polling ----

    @Test
    void pollingHandshakeOpensASession() throws Exception {
        Reply r = get(POLLING);
        assertThat(r.status()).isEqualTo(200);
        assertHandshake(openPayload(r.body()), "[\"websocket\"]");
    }

    @Test
    void pollingHandshakeFailsWithAnInvalidEio() {
        assertThat(get("transport=polling").status()).isEqualTo(400);
        assertThat(get("EIO=abc&transport=polling").status()).isEqualTo(400);
    }

    @Test
    void pollingHandshakeFailsWithAnInvalidTransport() {
        assertThat(get("EIO=4").status()).isEqualTo(400);
        assertThat(get("EIO=4&transport=abc").status()).isEqualTo(400);
    }

    @Test
    void pollingHandshakeFailsWithAnInvalidMethod() {
        assertThat(post(POLLING, "").status()).isEqualTo(400);
        assertThat(put(POLLING).status()).isEqualTo(400);
    }

    // ---- handshake, WebSocket ----

    @Test
    void websocketHandshakeOpensASession() throws Exception {
        RawWebSocket r = track(rawWs("EIO=4&transport=websocket", false));
        assertHandshake(openPayload(r.nextFrame().text()), "[]");
    }

    @Test
    void websocketHandshakeFailsWithAnInvalidEio() {
        assertThat(RawWebSocket.refusedStatus(wsUrl("transport=websocket"))).isEqualTo(400);
        assertThat(RawWebSocket.refusedStatus(wsUrl("EIO=abc&transport=websocket"))).isEqualTo(400);
    }

    @Test
    void websocketHandshakeFailsWithAnInvalidTransport() {
        assertThat(RawWebSocket.refusedStatus(wsUrl("EIO=4"))).isEqualTo(400);
        assertThat(RawWebSocket.refusedStatus(wsUrl("EIO=4&transport=abc"))).isEqualTo(400);
    }

    // ---- heartbeat ----

    @Test
    void pollingSessionIsPingedAndAcceptsPongs() {
        String sid = pollingSession();
        for (int i = 0; i < 3; i++) {
            Reply poll = get(POLLING + "&sid=" + sid);
            assertThat(poll).isEqualTo(new Reply(200, "2"));
            assertThat(post(POLLING + "&sid=" + sid, "3").status()).isEqualTo(200);
        }
    }

    @Test
    void pollingSessionClosesUponPingTimeout() {
        String sid = pollingSession();
        // Not polling means not ponging: after pingInterval + pingTimeout the session is gone.
        await().atMost(Duration.ofSeconds(3)).until(() -> io.clientsCount() == 0);
        assertThat(get(POLLING + "&sid=" + sid).status()).isEqualTo(400);
    }

    @Test
    void websocketSessionIsPingedAndAcceptsPongs() {
        RawWebSocket r = ws(false);
        for (int i = 0; i < 3; i++) {
            assertThat(r.nextFrame().text()).isEqualTo("2");
            r.send("3");
        }
        assertThat(r.closed()).isNotDone();
    }

    @Test
    void websocketSessionClosesUponPingTimeout() {
        RawWebSocket r = ws(false);
        assertThat(r.nextFrame().text()).isEqualTo("2");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    // ---- close ----

    /**
     * The suite posts CLOSE while a poll is (most likely) pending and expects that poll to end
     * with a NOOP, then the sid to be unknown. Which request the server sees first is a race (and
     * a ping may end the poll first), so a round that lost the race is repeated until one poll
     * ends with the NOOP. Lost rounds must still look like engine.io: the poll got the ping, or
     * arrived after the CLOSE and was refused as an unknown sid; never an empty or CLOSE answer.
     */
    @Test
    void pollingSessionIsClosedByAClosePacket() {
        Reply noop = new Reply(200, "6");
        Reply pinged = new Reply(200, "2");
        Reply unknownSid = new Reply(400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        boolean sawNoop = false;
        for (int round = 0; round < 20 && !sawNoop; round++) {
            String sid = pollingSession();
            CompletableFuture<Reply> pending = getAsync(POLLING + "&sid=" + sid);
            assertThat(post(POLLING + "&sid=" + sid, "1").status()).isEqualTo(200);
            Reply ended = pending.join();
            assertThat(ended).as("round %d: the pending poll ended with %s", round, ended).isIn(noop, pinged, unknownSid);
            sawNoop = ended.equals(noop);
            assertThat(get(POLLING + "&sid=" + sid)).as("sid unknown after CLOSE").isEqualTo(unknownSid);
        }
        assertThat(sawNoop).as("a pending poll ended with NOOP by CLOSE").isTrue();
    }

    /** A poll that arrives after the CLOSE was handled is refused: the sid is gone. */
    @Test
    void pollingAfterAClosePacketIsRefused() {
        String sid = pollingSession();
        assertThat(post(POLLING + "&sid=" + sid, "1").status()).isEqualTo(200);
        assertThat(get(POLLING + "&sid=" + sid).status()).isEqualTo(400);
    }

    @Test
    void websocketSessionIsClosedByAClosePacket() {
        RawWebSocket r = ws(true);
        r.send("1");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    // ---- upgrade ----

    /** Upgrades {@code sid} to a WebSocket and proves the upgrade finished with a namespace CONNECT over it. */
    private RawWebSocket upgrade(String sid) {
        RawWebSocket r = track(rawWs("EIO=4&transport=websocket&sid=" + sid, true));
        r.send("2probe");
        assertThat(r.nextFrame().text()).isEqualTo("3probe");
        r.send("5");
        r.send("40");
        assertThat(r.nextTextSkippingPings()).startsWith("40{\"sid\":");
        return r;
    }

    @Test
    void upgradesFromPollingToWebSocket() {
        String sid = pollingSession();
        RawWebSocket r = upgrade(sid);
        assertThat(r.nextTextSkippingPings()).isEqualTo("42[\"auth\",{}]");
    }

    @Test
    void ignoresPollingRequestsWithTheSameSidAfterUpgrade() {
        String sid = pollingSession();
        RawWebSocket r = upgrade(sid);
        assertThat(get(POLLING + "&sid=" + sid).status()).isEqualTo(400);
        assertThat(r.closed()).isNotDone();
    }

    /** engine.io accepts the second handshake and closes that WebSocket at once; a 400 refusal is as good. */
    @Test
    void ignoresASecondWebSocketWithTheSameSidAfterUpgrade() {
        String sid = pollingSession();
        RawWebSocket first = upgrade(sid);
        RawWebSocket second;
        try {
            second = track(rawWs("EIO=4&transport=websocket&sid=" + sid, true));
        } catch (java.util.concurrent.CompletionException refused) {
            assertThat(refused).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
            second = null;
        }
        if (second != null) {
            assertThat(second.awaitClosed(Duration.ofSeconds(3))).as("second WebSocket closed").isTrue();
        }
        first.send("42[\"message\",\"still\"]");
        assertThat(first.nextTextSkippingPings()).isEqualTo("42[\"auth\",{}]");
        assertThat(first.nextTextSkippingPings()).isEqualTo("42[\"message-back\",\"still\"]");
        assertThat(first.closed()).isNotDone();
    }
}
