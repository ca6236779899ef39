// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacketType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The observer SPI (issue 12, item 1) without a metrics library: several observers hear the same
 * events in the order they were added, one removed hears nothing more, and the events carry the
 * namespace, reason, transport and sizes a metrics library needs.
 */
class ServerObserverTest extends ServerTestBase {

    /** Records each call as a short line. */
    static final class Recording implements ServerObserver {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override public void sessionOpened(Transport t) { calls.add("opened " + t); }
        @Override public void sessionClosed(Transport t, CloseReason r, long d) { calls.add("closed " + t + " " + r + (d > 0 ? "" : " no-duration")); }
        @Override public void packetReceived(Transport t, EnginePacketType p, int b) { calls.add("in " + p + " " + b); }
        @Override public void packetSent(Transport t, EnginePacketType p, int b) { calls.add("out " + p); }
        @Override public void refused(RefusalCause c) { calls.add("refused " + c); }
        @Override public void socketConnected(String n) { calls.add("connected " + n); }
        @Override public void socketDisconnected(String n, DisconnectReason r) { calls.add("disconnected " + n + " " + r); }
        @Override public void broadcastSent(String n, int r) { calls.add("broadcast " + n + " " + r); }
        @Override public void listenersRan(String n, long d) { calls.add("listeners " + n); }
    }

    @Test
    void everyObserverHearsTheEventsUntilItIsRemoved() {
        start(b -> { });
        io.of("/room").on("connection", s -> s.on("hi", arg -> io.of("/room").emit("all", arg)));
        Recording first = new Recording();
        Recording second = new Recording();
        io.observe(first);
        io.observe(second);
        listen();

        RawWebSocket a = client();
        a.connectNs("/room", null);
        a.sendPacket("2/room,[\"hi\",\"x\"]");
        assertThat(a.nextEvent().data().toString()).isEqualTo("[\"all\",\"x\"]");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(first.calls)
                .contains("opened WEBSOCKET", "connected /room", "in MESSAGE " + "42/room,[\"hi\",\"x\"]".length(),
                        "listeners /room", "broadcast /room 1", "out OPEN", "out MESSAGE"));
        assertThat(second.calls).containsAll(first.calls.subList(0, 3));

        assertThat(io.unobserve(second)).isTrue();
        assertThat(io.unobserve(second)).isFalse();
        int heard = second.calls.size();
        a.send("garbage");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(first.calls)
                .contains("refused PROTOCOL_VIOLATION", "disconnected /room parse error", "closed WEBSOCKET parse error"));
        assertThat(second.calls).hasSize(heard);
    }
}
