// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.AdapterProbe;
import dev.sio4j.adapter.InMemoryAdapter;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.server.internal.ServerCore;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SECURITY-CASES: after many repetitions of bad inputs and of normal connect, room, ack and
 * disconnect cycles, the server's bookkeeping is back to its baseline: clients, their
 * namespace entries, namespaces (dynamic children included), sockets, adapter rooms and socket
 * memberships, pending acks, timers and, once the recovery window has passed, the recovery store.
 */
class BaselineTest extends ServerTestBase {

    private static final int SESSION_CYCLES = 25;      // per bad-input kind, each on a new connection
    private static final int IN_SESSION_CYCLES = 400;  // on one long-lived connection
    private static final Duration WINDOW = Duration.ofMillis(300);

    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Socket> observer = new CompletableFuture<>();

    /** Everything the leak check compares. */
    private record Sizes(int clients, int engineClients, int namespaceEntries, Set<String> namespaces, int sockets,
                         Set<String> rooms, int timers, int recoveryStore, int observerAcks) {
    }

    private Sizes sizes() {
        ServerCore core = io.core();
        return new Sizes(core.trackedClients(), io.clientsCount(), core.clientNamespaceEntries(), core.namespaceNames(),
                io.of("/").sockets().size(), io.of("/").adapter().rooms().keySet(), core.pendingTimers(),
                AdapterProbe.recoveryStoreSize((InMemoryAdapter) io.of("/").adapter()), ServerCore.pendingAcks(observer.join()));
    }

    private void startServer() {
        // connectTimeout: long enough that a loaded machine's client gets its CONNECT in, short
        // enough that the idle clients below are closed for the lack of one within the test.
        start(b -> b.connectTimeout(Duration.ofSeconds(2)).pingTimeout(Duration.ofMillis(300)).cleanupEmptyChildNamespaces(true)
                .connectionStateRecovery(new ConnectionStateRecovery(WINDOW, true)));
        io.on("connection", s -> {
            seenIds.add(s.id());
            observer.complete(s);
            s.on("join", String.class, s::join);
            s.on("leave", String.class, s::leave);
            s.on("echo", (JsonNode x, Ack ack) -> ack.send(x));
        });
        io.of("/custom").on("connection", s -> seenIds.add(s.id()));
        Namespace dynamic = io.of(Pattern.compile("^/dyn-\\d+(-bad)?$"));
        dynamic.use((s, next) -> {
            if (s.namespace().name().endsWith("-bad")) {
                next.fail(new ConnectError("refused"));
            } else {
                next.proceed();
            }
        });
        listen();
    }

    /** A new connection joined to "/" and to a room, then broken by {@code bad}; it must close. */
    private void badSession(String bad, int i) {
        RawWebSocket c = connected();
        c.sendPacket("2[\"join\",\"room-" + i + "\"]");
        c.sendPacket(bad);
        assertThat(c.awaitClosed(Duration.ofSeconds(5))).as("closed after %s", bad).isTrue();
        c.close();
    }

    @Test
    void bookkeepingReturnsToBaselineAfterManyBadInputsAndNormalCycles() throws Exception {
        startServer();
        RawWebSocket main = connected();
        Socket watched = observer.get(5, TimeUnit.SECONDS);
        await().until(() -> sizes().sockets() == 1);
        Sizes baseline = sizes();
        assertThat(baseline.namespaces()).containsExactlyInAnyOrder("/", "/custom");

        for (int i = 0; i < SESSION_CYCLES; i++) {
            badSession("abc", i);                                            // unknown packet type
            badSession("2[\"connect\"]", i);                                 // reserved event name
            badSession("0", i);                                              // CONNECT twice
            RawWebSocket partial = connected();                                // text while attachments
            partial.sendPacket("51-[\"e\",{\"_placeholder\":true,\"num\":0}]").sendPacket("2[\"x\"]");
            assertThat(partial.awaitClosed(Duration.ofSeconds(5))).isTrue();
            partial.close();
            RawWebSocket dropped = connected();                                // a normal cycle ending in a
            dropped.sendPacket("2[\"join\",\"room-" + i + "\"]");                  // recoverable transport close
            dropped.sendPacket("2[\"echo\",1]").abort();
        }
        List<RawWebSocket> idle = List.of(client(), client(), client());      // no CONNECT: connectTimeout
        for (int i = 0; i < 3; i++) {
            badSession("51-[\"e\",{\"_placeholder\":true,\"num\":0}]", i);   // attachments never come
        }
        for (RawWebSocket c : idle) {
            assertThat(c.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }

        for (int i = 0; i < IN_SESSION_CYCLES; i++) {
            main.sendPacket("2[\"join\",\"r" + i + "\"]").sendPacket("2[\"join\",\"shared\"]");
            main.sendPacket("25[\"echo\"," + i + "]");
            assertThat(main.nextPacket().type()).isEqualTo(SocketPacketType.ACK);
            CompletableFuture<JsonNode> answered = watched.timeout(Duration.ofSeconds(5)).emitWithAck("q", i);
            SocketPacket q = main.nextEvent();
            main.sendPacket("3" + q.id() + "[" + i + "]");
            assertThat(answered.get(5, TimeUnit.SECONDS).asInt()).isEqualTo(i);
            main.sendPacket("3" + (q.id() + 1_000_000) + "[\"unknown ack id\"]");
            CompletableFuture<List<JsonNode>> all = io.to("shared").timeout(Duration.ofSeconds(5)).emitWithAck("all", i);
            SocketPacket a = main.nextEvent();
            main.sendPacket("3" + a.id() + "[\"ok\"]");
            assertThat(all.get(5, TimeUnit.SECONDS)).hasSize(1);
            main.sendPacket("2[\"leave\",\"r" + i + "\"]");
            if (i % 4 == 0) {
                main.connectNs("/custom", null);
                main.sendPacket("1/custom,");
                assertThat(main.connectNs("/dyn-" + i, null).type()).isEqualTo(SocketPacketType.CONNECT);
                main.sendPacket("1/dyn-" + i + ",");
                assertThat(main.connectNs("/dyn-" + i + "-bad", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
                assertThat(main.connectNs("/nowhere-" + i, null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
            }
        }
        CompletableFuture<JsonNode> unanswered = watched.timeout(Duration.ofMillis(50)).emitWithAck("never");
        main.nextEvent();
        await().until(unanswered::isCompletedExceptionally);
        main.sendPacket("2[\"leave\",\"shared\"]");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sizes()).isEqualTo(baseline));
        assertThat(seenIds).hasSizeGreaterThan(5 * SESSION_CYCLES);
        for (String id : seenIds) {
            if (!id.equals(watched.id())) {
                assertThat(io.of("/").adapter().socketRooms(id)).as("rooms of gone socket %s", id).isEmpty();
            }
        }
        assertThat(main.closed()).isNotDone();
        assertThat(Map.of("main rooms", watched.rooms())).containsEntry("main rooms", Set.of(watched.id()));
    }
}
