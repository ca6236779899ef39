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
 * When a poll pending during an upgrade is released with a NOOP: as engine.io, by a check that
 * runs every 100 ms from the probe on (its first run 100 ms after the probe, never at once),
 * and only while the upgrade is in progress.
 */
class UpgradeNoopTimingTest {

    private static final RawClient HTTP = RawClient.shared();

    // No ping may end a poll during these tests.
    private final EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)));

    @AfterEach
    void stop() {
        s.close();
    }

    private CompletableFuture<HttpResponse<String>> parkedPoll(EngineSocket socket, String sid) {
        CompletableFuture<HttpResponse<String>> pending = HTTP.getAsync(s.pollUrl(sid));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SessionProbe.hasPendingGet(socket));
        return pending;
    }

    @Test
    void aPollPendingAtTheProbeGetsTheNoopFromTheFirstCheckNotAtOnce() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        CompletableFuture<HttpResponse<String>> pending = parkedPoll(socket, sid);
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        long probedAt = System.nanoTime();
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        HttpResponse<String> released = pending.get(5, TimeUnit.SECONDS);
        long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probedAt);
        assertThat(released.body()).isEqualTo("6");
        assertThat(afterMillis).as("ms from the probe to the NOOP").isGreaterThanOrEqualTo(90);
        ws.send("5");
        ws.send("4hello");
        assertThat(ws.nextText()).isEqualTo("4hello");
        ws.abort();
    }

    @Test
    void aPollArrivingAfterTheProbeIsParkedAndReleasedByTheNextCheck() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        // The checks keep running: every poll of the paused client is released in turn.
        for (int i = 0; i < 3; i++) {
            assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6");
        }
        ws.send("5");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> socket.transport() == Transport.WEBSOCKET);
        ws.abort();
    }

    @Test
    void noNoopBeforeTheProbe() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        CompletableFuture<HttpResponse<String>> pending = parkedPoll(socket, sid);
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SessionProbe.isUpgrading(socket));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !pending.isDone());
        socket.send("still polling");
        assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("4still polling");
        ws.abort();
    }

    @Test
    void aCancelledUpgradeStopsTheChecks() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        ws.send("4not an upgrade"); // anything but "5" cancels the upgrade
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !SessionProbe.isUpgrading(socket));
        CompletableFuture<HttpResponse<String>> pending = parkedPoll(socket, sid);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !pending.isDone());
        socket.send("polling again");
        assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("4polling again");
        assertThat(socket.transport()).isEqualTo(Transport.POLLING);
    }
}
