// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reasons a session reports on close, with engine.io 6.6's names; the cases not covered
 * here are in the protocol-suite and security-case tests (ping timeout, parse error, overlaps,
 * aborted requests, server shutdown).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseReasonsTest {

    private static final RawClient HTTP = RawClient.shared();

    EchoServer s;

    @BeforeAll
    void start() {
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void wireNamesAreEngineIos() {
        assertThat(CloseReason.TRANSPORT_CLOSE.wireName()).isEqualTo("transport close");
        assertThat(CloseReason.TRANSPORT_ERROR.wireName()).isEqualTo("transport error");
        assertThat(CloseReason.PING_TIMEOUT.wireName()).isEqualTo("ping timeout");
        assertThat(CloseReason.FORCED_CLOSE.wireName()).isEqualTo("forced close");
        assertThat(CloseReason.PARSE_ERROR.wireName()).isEqualTo("parse error");
        assertThat(CloseReason.SERVER_SHUTTING_DOWN.wireName()).isEqualTo("forced close");
        assertThat(CloseReason.PING_TIMEOUT).hasToString("ping timeout");
    }

    @Test
    void socketCloseOnWebSocketIsAForcedCloseWithAnEmptyCloseFrame() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        String sid = sidOf(ws.nextText());
        s.socketOf(sid).close();
        // engine.io's ws.close() sends a Close frame without a body: the client reports 1005.
        assertThat(ws.awaitCloseCode()).isEqualTo(1005);
        EchoServer.Closed c = s.closeOf(sid);
        assertThat(c.reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(s.socketOf(sid).isOpen()).isFalse();
    }

    @Test
    void socketCloseOnPollingFlushesFirstThenSendsClose() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        var poll = HTTP.getAsync(s.pollUrl(sid));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3))
                .until(() -> dev.sio4j.engine.internal.SessionProbe.hasPendingGet(socket));
        socket.send("last");
        socket.close();
        // What was queued goes first, on the pending GET; the CLOSE packet waits for the next one.
        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("4last");
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6\u001e1");
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void socketCloseWithoutAPendingGetLingersUntilTheNextPoll() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        socket.send("bye");
        socket.close();
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        // The queued message waits for the client's next GET, the CLOSE for the one after (engine.io waits for drain).
        // That last poll is "6␞1" as engine.io's: a poll finding a close pending triggers an empty
        // send (a NOOP), to which the CLOSE is appended.
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4bye");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6\u001e1");
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void clientClosingTheWebSocketIsATransportClose() throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        String sid = sidOf(ws.nextText());
        ws.abort();
        EchoServer.Closed c = s.closeOf(sid);
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void closePacketOverPollingIsATransportClose() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.post(s.pollUrl(sid), "1").statusCode()).isEqualTo(200);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void clientPingIsATransportError() throws Exception {
        String sid = s.openPolling();
        HTTP.post(s.pollUrl(sid), "2");
        EchoServer.Closed c = s.closeOf(sid);
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("invalid heartbeat direction");
    }

    private static String sidOf(String open) {
        return open.substring(9, open.indexOf('"', 9));
    }
}
