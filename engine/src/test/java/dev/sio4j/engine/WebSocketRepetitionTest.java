// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static dev.sio4j.testsupport.WebSocketFrames.CLOSE;
import static dev.sio4j.testsupport.WebSocketFrames.CONTINUATION;
import static dev.sio4j.testsupport.WebSocketFrames.FIN;
import static dev.sio4j.testsupport.WebSocketFrames.PING;
import static dev.sio4j.testsupport.WebSocketFrames.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.testsupport.WebSocketFrames;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Repetition without growth (issue 9, item 9) for the worst WebSocket inputs of the RFC 6455
 * cases and the fuzz targets: 3,000 connections, each ending in one of them, against one
 * server. Afterwards the session map holds only the healthy client's session (the count is back,
 * and the last sids of every kind are unknown), Netty's pooled direct memory is within one
 * chunk of where it was, and the healthy client, which kept talking all along, still gets its
 * echo.
 */
class WebSocketRepetitionTest {

    private static final RawClient HTTP = RawClient.shared();

    /**
     * As issue 9 and RepetitionTest ask: each bad input 10,000 times. Each costs a whole
     * connection here (some 20 s of the build for all of them on this 2-core machine).
     */
    private static final int TIMES = 10_000;
    private static final int WARM_UP = 200;

    /** How each connection goes wrong; {@code frames} follow the 101 (or the request, when pipelined). */
    private record BadInput(String name, boolean pipelined, byte[] frames, int closeCode) {
    }

    private static byte[] frame(int firstByte, byte[] payload) {
        return WebSocketFrames.clientFrame(firstByte, payload, true);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final List<BadInput> INPUTS = List.of(
            // CVE-2022-21676's shape: RSV2 in the same write as the upgrade request.
            new BadInput("RSV2 inside the upgrade window", true, frame(FIN | 0x20 | TEXT, "4x".getBytes(StandardCharsets.UTF_8)), 1002),
            new BadInput("a 2^63 length", false, WebSocketFrames.header(FIN | TEXT, Long.MIN_VALUE, true, 64), 1009),
            // A message being joined (its fragments held) when invalid UTF-8 arrives.
            new BadInput("invalid UTF-8 in the fourth fragment", false, concat(frame(TEXT, "4abc".getBytes(StandardCharsets.UTF_8)),
                    frame(CONTINUATION, new byte[100]), frame(CONTINUATION, new byte[100]),
                    frame(CONTINUATION, HexFormat.of().parseHex("eda080"))), 1007),
            new BadInput("close code 1005", false, frame(FIN | CLOSE, WebSocketFrames.closePayload(1005, new byte[0])), 1002),
            new BadInput("a fragmented ping", true, concat(frame(PING, new byte[3]), frame(FIN | CONTINUATION, new byte[3])), 1002),
            new BadInput("a frame cut short by the client", false, frame(FIN | TEXT, new byte[500]), -1));

    private static long directMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    private static String sidOf(String openPacket) {
        return openPacket.substring(9, openPacket.indexOf('"', 9));
    }

    /** Opens a connection and ends it with {@code bad}; returns the session's sid (null if none opened). */
    private static String misbehave(EchoServer s, BadInput bad) throws IOException {
        try (RawConnection raw = RawConnection.open(s.address)) {
            String request = RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", "");
            if (bad.pipelined()) {
                raw.write(concat(request.getBytes(StandardCharsets.ISO_8859_1), bad.frames()));
            } else {
                raw.write(request);
            }
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            String sid = sidOf(raw.nextFrame().text());
            if (bad.closeCode() < 0) {
                byte[] cut = bad.frames();
                raw.write(java.util.Arrays.copyOf(cut, cut.length / 2));
                raw.socket().setSoLinger(true, 0); // a reset, mid-frame
                return sid;
            }
            if (!bad.pipelined()) {
                raw.write(bad.frames());
            }
            assertThat(raw.readCloseCode()).as(bad.name()).isEqualTo(bad.closeCode());
            return sid;
        }
    }

    @Test
    void tenThousandBadConnectionsLeaveTheSessionMapAndDirectMemoryAtTheirBaseline() throws Exception {
        // No Engine.IO ping during the run (it takes tens of seconds on a busy machine): the
        // healthy client reads only the echoes it asked for.
        try (EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofMinutes(5)).pingTimeout(Duration.ofMinutes(1)));
             RawConnection healthy = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(healthy.nextFrame().text()).startsWith("0{\"sid\"");
            for (int i = 0; i < WARM_UP; i++) {
                misbehave(s, INPUTS.get(i % INPUTS.size()));
            }
            Awaitility.await().until(() -> s.server.clientsCount() == 1);
            long memoryBefore = directMemory();

            List<String> sids = new ArrayList<>();
            for (int i = 0; i < TIMES; i++) {
                sids.add(misbehave(s, INPUTS.get(i % INPUTS.size())));
                if (i % 500 == 0) {
                    String text = "4healthy-" + i;
                    healthy.write(WebSocketFrames.text(text));
                    assertThat(healthy.nextFrame().text()).isEqualTo(text);
                }
            }

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.server.clientsCount() == 1);
            for (String sid : sids.subList(sids.size() - 10 * INPUTS.size(), sids.size())) {
                assertThat(HTTP.get(s.pollUrl(sid)).body()).as("sid of a bad session").contains("\"code\":1");
            }
            assertThat(s.closes).hasSizeGreaterThanOrEqualTo(TIMES);
            long chunk = PooledByteBufAllocator.DEFAULT.metric().chunkSize();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(directMemory()).as("pooled direct memory, before: %s", memoryBefore)
                            .isLessThanOrEqualTo(memoryBefore + chunk));
            healthy.write(WebSocketFrames.text("4still here"));
            assertThat(healthy.nextFrame().text()).isEqualTo("4still here");
        }
    }
}
