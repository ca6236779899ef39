// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.engine.internal.MessageFrames;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import dev.sio4j.testsupport.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Broadcast messages leave a WebSocket as frames encoded once per message and written past the
 * frame encoder (see {@code WireFrames}), and the sessions of a loop are flushed by one shared
 * task per turn (see {@code LoopFlushes}): the bytes, their order and who gets them are the same
 * as before.
 */
class ReadyFramesTest {

    private static EchoServer server() {
        return new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)));
    }

    private static RawConnection open(EchoServer s) throws Exception {
        RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket");
        assertThat(raw.nextFrame().text()).startsWith("0{\"sid\"");
        return raw;
    }

    @Test
    void everyLengthFormAndAttachmentArrivesIntactAndInOrderWithPlainSends() throws Exception {
        try (EchoServer s = server(); RawConnection a = open(s); RawConnection b = open(s)) {
            List<EngineSocket> sockets = List.of(s.connections.poll(5, TimeUnit.SECONDS),
                    s.connections.poll(5, TimeUnit.SECONDS));
            String small = "2[\"héllo €\"]";
            String medium = "2[\"" + "m".repeat(300) + "\"]";
            String large = "2[\"" + "ü".repeat(40_000) + "\"]"; // 80 KB of UTF-8: the 64-bit length form
            byte[] attachment = new byte[70_000];
            for (int i = 0; i < attachment.length; i++) {
                attachment[i] = (byte) i;
            }
            try (EngineMessage m1 = EngineMessage.of(small);
                 EngineMessage m2 = EngineMessage.of(medium);
                 EngineMessage m3 = EngineMessage.of(large, List.of(attachment, new byte[0]))) {
                for (EngineSocket socket : sockets) {
                    assertThat(socket.send(m1, false)).isTrue();
                    assertThat(socket.send("plain")).isTrue();
                    assertThat(socket.send(m2, false)).isTrue();
                    assertThat(socket.send(m3, false)).isTrue();
                }
                assertThat(m3.deliveries()).isEqualTo(2);
            }
            for (RawConnection raw : List.of(a, b)) {
                assertText(raw.nextFrame(), "4" + small);
                assertText(raw.nextFrame(), "4plain");
                assertText(raw.nextFrame(), "4" + medium);
                assertText(raw.nextFrame(), "4" + large);
                WebSocketFrames.Frame bin = raw.nextFrame();
                assertThat(bin.firstByte()).isEqualTo(WebSocketFrames.FIN | WebSocketFrames.BINARY);
                assertThat(bin.payload()).isEqualTo(attachment);
                WebSocketFrames.Frame empty = raw.nextFrame();
                assertThat(empty.firstByte()).isEqualTo(WebSocketFrames.FIN | WebSocketFrames.BINARY);
                assertThat(empty.payload()).isEmpty();
            }
        }
    }

    private static void assertText(WebSocketFrames.Frame frame, String text) {
        assertThat(frame.firstByte()).isEqualTo(WebSocketFrames.FIN | WebSocketFrames.TEXT);
        assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void readyFramesAreRefusedAfterClose() {
        EngineMessage msg = EngineMessage.of("x");
        // Built on first use, released with the message.
        io.netty.buffer.ByteBuf[] wire = MessageFrames.retainedWireFrames(msg);
        wire[0].release();
        msg.close();
        assertThatThrownBy(() -> MessageFrames.retainedWireFrames(msg)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void burstsToManySessionsOfTwoLoopsArriveCompleteAndInOrder() throws Exception {
        int clients = 40;
        int perSender = 30;
        try (EchoServer s = server()) {
            List<RawWebSocket> peers = new ArrayList<>();
            List<EngineSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
                    ws.nextText();
                    peers.add(ws);
                    sockets.add(s.connections.poll(5, TimeUnit.SECONDS));
                }
                Set<Object> loops = new HashSet<>();
                sockets.forEach(x -> loops.add(x.eventLoop()));
                assertThat(loops).as("sessions on both of the server's loops").hasSize(2);
                // One sender off the loops, one on a session's loop (as a socket's handler broadcasts).
                CountDownLatch onLoopDone = new CountDownLatch(1);
                sockets.get(0).eventLoop().execute(() -> {
                    broadcast(sockets, "L", perSender);
                    onLoopDone.countDown();
                });
                broadcast(sockets, "T", perSender);
                assertThat(onLoopDone.await(10, TimeUnit.SECONDS)).isTrue();
                for (RawWebSocket ws : peers) {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 2 * perSender; i++) {
                        got.add(ws.nextText());
                    }
                    assertThat(got.stream().filter(t -> t.startsWith("4L")).toList()).isEqualTo(expected("L", perSender));
                    assertThat(got.stream().filter(t -> t.startsWith("4T")).toList()).isEqualTo(expected("T", perSender));
                }
            } finally {
                peers.forEach(RawWebSocket::abort);
            }
        }
    }

    private static void broadcast(List<EngineSocket> sockets, String sender, int count) {
        for (int i = 0; i < count; i++) {
            try (EngineMessage m = EngineMessage.of(sender + i)) {
                for (EngineSocket socket : sockets) {
                    socket.send(m, false);
                }
            }
        }
    }

    private static List<String> expected(String sender, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("4" + sender + i);
        }
        return out;
    }
}
