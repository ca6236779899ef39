// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server-side close while a polling session is being upgraded. As engine.io (whose socket is
 * "closing" until its transport closes, and lets an upgrade in progress complete meanwhile),
 * the upgrade survives a close that found no pending GET: when the client completes it, what
 * was left goes over the WebSocket, which then closes. A client that paused polling for the
 * upgrade thus sees its last packets before the close, never a probe WebSocket cut under it.
 */
class CloseDuringUpgradeTest {

    private static final RawClient HTTP = RawClient.shared();

    private final EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)));

    @AfterEach
    void stop() {
        s.close();
    }

    /** On the session's event loop, as the application would: queues {@code text}, then closes the session. */
    private static void sendThenClose(EngineSocket socket, String text) {
        socket.eventLoop().execute(() -> {
            socket.send(text);
            socket.close();
        });
    }

    private RawWebSocket probed(String sid) throws Exception {
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        return ws;
    }

    @Test
    void aCloseThatTookThePendingPollLetsTheUpgradeCompleteAndClosesTheWebSocket() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        CompletableFuture<HttpResponse<String>> pending = HTTP.getAsync(s.pollUrl(sid));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SessionProbe.hasPendingGet(socket));
        RawWebSocket ws = probed(sid);
        sendThenClose(socket, "bye");
        assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("4bye");
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(ws.closed()).as("the probe WebSocket stays open until the upgrade completes").isNotDone();
        ws.send("5");
        assertThat(ws.awaitCloseCode()).as("an empty Close frame, as ws sends").isEqualTo(1005);
        assertThat(ws.pendingMessages()).isEmpty();
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void whatWasQueuedAtTheCloseGoesOverTheCompletedUpgrade() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        RawWebSocket ws = probed(sid);
        sendThenClose(socket, "last");
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        ws.send("5");
        assertThat(ws.nextText()).isEqualTo("4last");
        assertThat(ws.awaitCloseCode()).isEqualTo(1005);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void anUpgradeNeverCompletedEndsWithTheLingeringPoll() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        RawWebSocket ws = probed(sid);
        sendThenClose(socket, "last");
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        // The client went on polling instead: the lingering polls carry the packets, then the CLOSE,
        // and with it the upgrade is given up.
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4last");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6\u001e1");
        assertThat(ws.awaitCloseCode()).isEqualTo(1005);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void serverShutdownGivesUpAnUpgradeInProgressAtOnce() throws Exception {
        String sid = s.openPolling();
        RawWebSocket ws = probed(sid);
        // engine.io's server.close() discards the transports: no upgrade may hold the session.
        CompletableFuture<Void> closed = s.server.close();
        // A Close frame from the cancelled upgrade, not the connection cut by the loops' shutdown.
        assertThat(ws.awaitCloseCode()).isEqualTo(1005);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theUpgradeEndsWhenAPollCarriesTheClose() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        RawWebSocket ws = probed(sid);
        CompletableFuture<HttpResponse<String>> pending = HTTP.getAsync(s.pollUrl(sid));
        socket.eventLoop().execute(socket::close);
        HttpResponse<String> ended = pending.get(5, TimeUnit.SECONDS);
        // The close found the GET (the CLOSE); or the GET came after the close and took the
        // lingering poll (a NOOP and the CLOSE, as engine.io's); or a NOOP check released the GET,
        // the session lingered and the next GET takes the lingering poll. The upgrade ends anyway.
        assertThat(ended.body()).isIn("1", "6\u001e1", "6");
        if (ended.body().equals("6")) {
            assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6\u001e1");
        }
        assertThat(ws.awaitCloseCode()).isEqualTo(1005);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }
}
