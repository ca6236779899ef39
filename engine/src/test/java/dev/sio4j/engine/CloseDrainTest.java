// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What was queued when the server closes a session leaves before the close, as engine.io waits
 * for drain: before the close frame of a busy WebSocket (bounded wait), and over polling in one
 * poll with the CLOSE in the next (after a NOOP, as engine.io writes it: no message with it).
 */
class CloseDrainTest {

    private static final RawClient HTTP = RawClient.shared();

    private static final String PAD = "p".repeat(16 * 1024);

    private static EchoServer server(Duration pingTimeout) {
        return new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)).pingTimeout(pingTimeout)
                .maxOutboundQueue(1_000_000).maxOutboundBytes(1L << 30));
    }

    /** Sends numbered messages until the WebSocket is busy (the peer does not read, so a volatile probe is refused). */
    private static void fillUntilBusy(EngineSocket socket, AtomicInteger sent) {
        boolean busy = false;
        try (EngineMessage probe = EngineMessage.of("v")) {
            for (int i = 0; i < 100_000 && !busy; i++) {
                assertThat(socket.send("m" + sent.getAndIncrement() + "|" + PAD)).isTrue();
                busy = !socket.send(probe, true);
            }
        }
        assertThat(busy).as("the WebSocket became busy").isTrue();
    }

    /**
     * On the session's loop, while its WebSocket is busy: queues {@code extra} more messages (they
     * stay in the session's queue: its flush is a later task) and closes the server. Null when the
     * WebSocket was writable again by then (the kernel's buffers grew); the caller fills again.
     */
    private static CompletableFuture<Void> queueAndClose(EchoServer s, EngineSocket socket, AtomicInteger sent, int extra)
            throws Exception {
        CompletableFuture<CompletableFuture<Void>> result = new CompletableFuture<>();
        socket.eventLoop().execute(() -> {
            try (EngineMessage probe = EngineMessage.of("v")) {
                if (socket.send(probe, true)) {
                    result.complete(null);
                    return;
                }
            }
            for (int i = 0; i < extra; i++) {
                socket.send("m" + sent.getAndIncrement() + "|" + PAD);
            }
            if (SessionProbe.queuedBytes(socket) == 0) {
                result.completeExceptionally(new AssertionError("nothing queued in the session"));
                return;
            }
            result.complete(s.server.close());
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closeWritesWhatIsQueuedForABusyWebSocketBeforeTheCloseFrame() throws Exception {
        EchoServer s = server(Duration.ofSeconds(5));
        try (RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            raw.nextFrame(); // OPEN
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> closed = null;
            for (int attempt = 0; attempt < 20 && closed == null; attempt++) {
                fillUntilBusy(socket, sent);
                closed = queueAndClose(s, socket, sent, 50);
            }
            assertThat(closed).as("closed while the WebSocket was busy").isNotNull();
            List<Integer> received = new ArrayList<>();
            int closeCode = -1;
            while (true) {
                WebSocketFrames.Frame frame = raw.nextFrame();
                int opcode = frame.opcode();
                if (opcode == 8) {
                    byte[] p = frame.payload();
                    closeCode = p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : 1005;
                    break;
                }
                String text = new String(frame.payload(), StandardCharsets.UTF_8);
                if (text.startsWith("4m")) {
                    received.add(Integer.parseInt(text.substring(2, text.indexOf('|'))));
                }
            }
            assertThat(closeCode).as("an empty Close frame, as ws sends").isEqualTo(1005);
            assertThat(received).hasSize(sent.get());
            for (int i = 0; i < sent.get(); i++) {
                assertThat(received.get(i)).isEqualTo(i);
            }
            closed.get(10, TimeUnit.SECONDS);
            assertThat(s.closeOf(socket.id()).reason()).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        } finally {
            s.close();
        }
    }

    @Test
    void pollingGetsWhatWasQueuedInOnePollAndTheCloseWithoutMessagesInTheNext() throws Exception {
        try (EchoServer s = server(Duration.ofSeconds(20))) {
            String sid = s.openPolling();
            EngineSocket socket = s.socketOf(sid);
            CompletableFuture<Void> done = new CompletableFuture<>();
            socket.eventLoop().execute(() -> { // no GET pending
                socket.send("last words");
                socket.send("and more");
                socket.close();
                done.complete(null);
            });
            done.get(5, TimeUnit.SECONDS);
            String poll = s.pollUrl(sid);
            assertThat(HTTP.get(poll).body()).isEqualTo("4last words\u001e4and more");
            assertThat(HTTP.get(poll).body()).isEqualTo("6\u001e1");
            assertThat(HTTP.get(poll).body()).contains("\"code\":1");
        }
    }

    @Test
    void pollingWithNothingQueuedGetsTheCloseInTheNextPoll() throws Exception {
        try (EchoServer s = server(Duration.ofSeconds(20))) {
            String sid = s.openPolling();
            s.socketOf(sid).close();
            assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
            String poll = s.pollUrl(sid);
            assertThat(HTTP.get(poll).body()).isEqualTo("6\u001e1");
            assertThat(HTTP.get(poll).body()).contains("\"code\":1");
        }
    }

    @Test
    void aPeerThatNeverReadsCannotHoldTheCloseBeyondThePingTimeout() throws Exception {
        EchoServer s = server(Duration.ofMillis(500));
        try (RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            raw.nextFrame();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            fillUntilBusy(socket, new AtomicInteger());
            long start = System.nanoTime();
            s.server.close().get(10, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Drain bound 500 ms plus the event loops' shutdown; without the bound it would wait
            // for the overall safety timeout (7 s).
            assertThat(tookMillis).isLessThan(4000);
            assertThat(s.server.clientsCount()).isZero();
            assertThat(raw.closedByServer()).isTrue();
        } finally {
            s.close();
        }
    }
}
