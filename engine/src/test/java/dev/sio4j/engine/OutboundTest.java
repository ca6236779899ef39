// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The outbound side of a session: when a volatile message is dropped (only when the transport
 * is busy), the queue's byte cap, and order across an upgrade whose WebSocket lives on another
 * event loop than the session.
 */
class OutboundTest {

    private static final RawClient HTTP = RawClient.shared();

    private static EchoServer server(java.util.function.UnaryOperator<EngineOptions.Builder> more) {
        return new EchoServer(b -> more.apply(b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))));
    }

    @Test
    void volatileToAnIdleWebSocketIsDeliveredEvenRightAfterAnotherPacket() throws Exception {
        try (EchoServer s = server(b -> b)) {
            RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
            ws.nextText();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) {
                try (EngineMessage x = EngineMessage.of("x" + i); EngineMessage v = EngineMessage.of("v" + i)) {
                    assertThat(socket.send(x, false)).isTrue();
                    assertThat(socket.send(v, true)).as("volatile right after x%d", i).isTrue();
                }
            }
            // The same on the session's own loop, where both land in one batch.
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            socket.eventLoop().execute(() -> {
                try (EngineMessage x = EngineMessage.of("x"); EngineMessage v = EngineMessage.of("v")) {
                    socket.send(x, false);
                    onLoop.complete(socket.send(v, true));
                }
            });
            assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 50; i++) {
                assertThat(ws.nextText()).isEqualTo("4x" + i);
                assertThat(ws.nextText()).isEqualTo("4v" + i);
            }
            assertThat(ws.nextText()).isEqualTo("4x");
            assertThat(ws.nextText()).isEqualTo("4v");
            ws.abort();
        }
    }

    @Test
    void volatileToPollingIsDroppedWithoutAPendingGetAndDeliveredWithOne() throws Exception {
        try (EchoServer s = server(b -> b)) {
            String sid = s.openPolling();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            try (EngineMessage v = EngineMessage.of("dropped")) {
                assertThat(socket.send(v, true)).isFalse();
            }
            CompletableFuture<java.net.http.HttpResponse<String>> poll = HTTP.getAsync(s.pollUrl(sid));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SessionProbe.hasPendingGet(socket));
            try (EngineMessage v = EngineMessage.of("kept")) {
                assertThat(socket.send(v, true)).isTrue();
            }
            assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("4kept");
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void volatileToAWebSocketWhoseChannelIsNotWritableIsDropped() throws Exception {
        try (EchoServer s = server(b -> b.maxOutboundQueue(1_000_000).maxOutboundBytes(1L << 40));
             RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            raw.nextFrame();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            // The client stops reading: once the kernel buffers are full, Netty's outbound buffer
            // passes its high-water mark and the channel turns unwritable. The 64 KiB chunk is
            // one shared buffer, so this costs no memory per send.
            boolean dropped = false;
            try (EngineMessage chunk = EngineMessage.of("c".repeat(64 * 1024)); EngineMessage v = EngineMessage.of("v")) {
                for (int i = 0; i < 100_000 && !dropped; i++) {
                    assertThat(socket.send(chunk, false)).isTrue();
                    dropped = !socket.send(v, true);
                }
            }
            assertThat(dropped).as("a volatile message was dropped once the channel was busy").isTrue();
            assertThat(socket.isOpen()).isTrue();

            // The client reads again: the channel drains and volatile messages are taken again.
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                try {
                    while (reading.get()) {
                        raw.nextFrame();
                    }
                } catch (Exception e) {
                    // the test closed the socket
                }
            });
            reader.start();
            try (EngineMessage v = EngineMessage.of("again")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> socket.send(v, true));
            } finally {
                reading.set(false);
                raw.socket().close(); // unblocks the reader; the try-with-resources closes it again, harmlessly
                reader.join(5000);
            }
        }
    }

    @Test
    void row20_byteCapBoundsAFewHugeMessages() throws Exception {
        try (EchoServer s = server(b -> b.maxOutboundBytes(100_000))) {
            String sid = s.openPolling();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            String big = "h".repeat(40_000);
            assertThat(socket.send(big)).isTrue();
            assertThat(socket.send(big)).isTrue();
            assertThat(SessionProbe.queuedBytes(socket)).isEqualTo(2 * 40_001L);
            // Over the cap a volatile message is dropped and the session stays open...
            try (EngineMessage v = EngineMessage.of(big)) {
                assertThat(socket.send(v, true)).isFalse();
            }
            assertThat(socket.isOpen()).isTrue();
            // ...and any other message closes it.
            assertThat(socket.send(big.getBytes(StandardCharsets.UTF_8))).isFalse();
            EchoServer.Closed c = s.closeOf(sid);
            assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(c.description()).isEqualTo("outbound queue full");
            assertThat(SessionProbe.queuedBytes(socket)).isZero();
        }
    }

    @Test
    void manySendsAcrossAnUpgradeToAWebSocketOnAnotherLoopArriveInOrder() throws Exception {
        int perPhase = 3000;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try (EchoServer s = server(b -> b.maxOutboundQueue(100_000))) {
            String open = RawClient.over(client).get(s.url("EIO=4&transport=polling")).body();
            String sid = open.substring(9, open.indexOf('"', 9));
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            List<String> got = new ArrayList<>();

            // Phase A, over polling.
            for (int i = 0; i < perPhase; i++) {
                assertThat(socket.send("m" + i)).isTrue();
            }
            while (got.size() < perPhase) {
                collect(RawClient.over(client).get(s.pollUrl(sid)).body(), got);
            }

            // Phase B, sent while the probe is answered and the last poll returns.
            RawWebSocket ws = probeOnAnotherLoop(client, s, socket, sid);
            Future<?> b = senders.submit(() -> sendRange(socket, perPhase, 2 * perPhase));
            collect(RawClient.over(client).get(s.pollUrl(sid)).body(), got);

            // Phase C, racing the upgrade's completion.
            CountDownLatch upgradeSent = new CountDownLatch(1);
            Future<?> c = senders.submit(() -> {
                await(upgradeSent);
                sendRange(socket, 2 * perPhase, 3 * perPhase);
            });
            ws.send("5");
            upgradeSent.countDown();
            b.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
            while (got.size() < 3 * perPhase) {
                collect(ws.nextText(), got);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 3 * perPhase; i++) {
                expected.add("m" + i);
            }
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(socket.transport()).isEqualTo(Transport.WEBSOCKET);
            ws.abort();
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * Starts upgrades until one's connection was accepted on the other of the server's two loops
     * (Netty hands connections to its loops in turn, so this takes one or two tries).
     */
    private static RawWebSocket probeOnAnotherLoop(HttpClient client, EchoServer s, EngineSocket socket, String sid) throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            RawWebSocket ws = RawWebSocket.open(client, s.wsUrl("EIO=4&transport=websocket&sid=" + sid));
            ws.send("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            if (SessionProbe.webSocketOnAnotherLoop(socket)) {
                return ws;
            }
            ws.abort();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !SessionProbe.isUpgrading(socket));
        }
        throw new AssertionError("no WebSocket connection landed on the session's other loop");
    }

    private static void sendRange(EngineSocket socket, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!socket.send("m" + i)) {
                throw new AssertionError("send refused at " + i);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Adds the MESSAGE packets of a polling payload or WebSocket frame; NOOPs are skipped. */
    private static void collect(String payload, List<String> into) {
        for (String p : payload.split("\u001e")) {
            if (p.startsWith("4")) {
                into.add(p.substring(1));
            } else if (!p.equals("6")) {
                throw new AssertionError("unexpected packet " + p);
            }
        }
    }
}
