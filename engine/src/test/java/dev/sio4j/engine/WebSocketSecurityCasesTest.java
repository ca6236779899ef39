// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** SECURITY-CASES rows on the WebSocket side (8, 9, 16, 38, 40-42, 44), with hand-made frames. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketSecurityCasesTest {

    private static final RawClient HTTP = RawClient.shared();

    EchoServer s;

    @BeforeAll
    void start() {
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .maxHttpBufferSize(1000).maxWebSocketFragments(8).upgradeTimeout(Duration.ofMillis(300)));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private static final int TEXT = 0x81;
    private String lastSid;

    private RawConnection openSession() throws Exception {
        RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket");
        WebSocketFrames.Frame open = raw.nextFrame();
        String text = new String(open.payload(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("0{\"sid\"");
        lastSid = text.substring(9, text.indexOf('"', 9));
        return raw;
    }

    @Test
    void echoOverRawFrames() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(TEXT, "4hi".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.nextFrame().text()).isEqualTo("4hi");
            // A fragmented message within the caps is joined.
            raw.frame(0x01, "4a".getBytes(StandardCharsets.UTF_8), true);
            raw.frame(0x80, "b".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.nextFrame().text()).isEqualTo("4ab");
        }
    }

    @Test
    void row16_clientPingClosesTheSession() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(TEXT, "2".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readCloseCode()).isIn(1005, -1);
        }
        org.awaitility.Awaitility.await().until(() -> s.closes.stream()
                .anyMatch(c -> c.description().equals("invalid heartbeat direction")));
    }

    @Test
    void row38_invalidUtf8TextFrameCloses1007() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(TEXT, new byte[] {'4', (byte) 0xc3, (byte) 0x28}, true);
            assertThat(raw.readCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void row40_unmaskedFrameCloses1002() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(TEXT, "4x".getBytes(StandardCharsets.UTF_8), false);
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1002));
        }
    }

    @Test
    void row40_rsvBitsAndReservedOpcodeClose1002() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(0xC1, "4x".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
        try (RawConnection raw = openSession()) {
            raw.frame(0x83, new byte[0], true);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
        try (RawConnection raw = openSession()) {
            raw.frame(0x80, "x".getBytes(StandardCharsets.UTF_8), true); // continuation with no start
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void row41_badCloseFramesAreAnsweredWith1002() throws Exception {
        // Netty's decoder alone would end TCP silently after a bad Close frame; RFC 6455 wants a
        // Close frame with 1002 in answer, and the engine sends it.
        byte[][] bad = {
            {0x03, (byte) 0xe7},          // 999
            {0x03, (byte) 0xed},          // 1005: never sent on the wire
            {0x13, (byte) 0x88},          // 5000
            {0x03},                       // a 1-byte payload
            {0x03, (byte) 0xe8, (byte) 0xc3, 0x28}, // 1000 with an invalid UTF-8 reason
        };
        for (byte[] payload : bad) {
            try (RawConnection raw = openSession()) {
                raw.frame(0x88, payload, true);
                int expected = payload.length == 4 ? 1007 : 1002;
                assertThat(raw.readClosePayload()).as("close payload %s", java.util.Arrays.toString(payload))
                        .isEqualTo(WebSocketFrames.closePayload(expected));
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void row41_validCloseIsEchoedAndTheSessionEndsWithTransportClose() throws Exception {
        String sid;
        try (RawConnection raw = openSession()) {
            sid = lastSid;
            raw.frame(0x88, new byte[] {0x03, (byte) 0xe8}, true); // 1000
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1000));
        }
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void row41_aCloseWithAReasonIsEchoedWithItsReasonAndAnEmptyOneEmpty() throws Exception {
        // ws answers with the peer's own code and reason, and an empty Close with an empty one.
        byte[] withReason = {0x0f, (byte) 0xa0, 'b', 'y', 'e'}; // 4000 "bye"
        try (RawConnection raw = openSession()) {
            raw.frame(0x88, withReason, true);
            assertThat(raw.readClosePayload()).isEqualTo(withReason);
        }
        try (RawConnection raw = openSession()) {
            raw.frame(0x88, new byte[0], true);
            assertThat(raw.readClosePayload()).isEmpty();
        }
    }

    @Test
    void protocolViolationsEndTheSessionWithTransportError() throws Exception {
        String sid;
        try (RawConnection raw = openSession()) {
            sid = lastSid;
            raw.frame(TEXT, "4x".getBytes(StandardCharsets.UTF_8), false);
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1002));
        }
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void row42_oversizedFrameCloses1009() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(TEXT, ("4" + "a".repeat(2000)).getBytes(StandardCharsets.UTF_8), true);
            // No reason text: ws sends none, and engine.io-client's suite checks it is empty.
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1009));
        }
    }

    /** A masked text frame header declaring a 64-bit payload length, and no payload. */
    private static byte[] header64(long length) {
        ByteBuffer b = ByteBuffer.allocate(14);
        b.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(length).put(new byte[] {1, 2, 3, 4});
        return b.array();
    }

    @Test
    void row42_aDeclaredLengthOf2To63Closes1009BeforeAnyPayload() throws Exception {
        // The length's top bit is set: RFC 6455 forbids it (1002 would fit), but ws answers every
        // length above 2^53-1 with 1009, as row 42 asks, and so does sio4j: too big either way.
        for (long length : new long[] {Long.MIN_VALUE, -1L, 1L << 62, 1L << 53}) {
            try (RawConnection raw = openSession()) {
                raw.write(header64(length));
                assertThat(raw.readClosePayload()).as("length %s", Long.toUnsignedString(length))
                        .isEqualTo(WebSocketFrames.closePayload(1009));
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        // A length that is merely not minimally encoded stays a framing error.
        try (RawConnection raw = openSession()) {
            raw.write(header64(5));
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1002));
        }
        try (RawConnection healthy = openSession()) {
            healthy.frame(TEXT, "4fine".getBytes(StandardCharsets.UTF_8), true);
            assertThat(healthy.nextFrame().text()).isEqualTo("4fine");
        }
    }

    @Test
    void row44_tooManyFragmentsCloses1009() throws Exception {
        try (RawConnection raw = openSession()) {
            raw.frame(0x01, "4".getBytes(StandardCharsets.UTF_8), true);
            for (int i = 0; i < 10; i++) {
                raw.frame(0x00, "a".getBytes(StandardCharsets.UTF_8), true);
            }
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1009));
        }
    }

    @Test
    void row9_probeWithoutUpgradeIsCancelledAndPollingContinues() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
            raw.frame(TEXT, "2probe".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.nextFrame().text()).isEqualTo("3probe");
            assertThat(raw.readCloseCode()).isIn(1005, -1); // upgradeTimeout (300 ms)
        }
        assertThat(HTTP.post(s.pollUrl(sid), "4still").body()).isEqualTo("ok");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4still");
        assertThat(s.closesBySid).doesNotContainKey(sid);
    }

    @Test
    void row8_secondUpgradeIsRefusedAndTheFirstKeepsWorking() throws Exception {
        String sid = s.openPolling();
        try (RawConnection first = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
            first.frame(TEXT, "2probe".getBytes(StandardCharsets.UTF_8), true);
            first.nextFrame();
            try (RawConnection second = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
                assertThat(second.readCloseCode()).isIn(1005, -1);
            }
            first.frame(TEXT, "5".getBytes(StandardCharsets.UTF_8), true);
            first.frame(TEXT, "4after".getBytes(StandardCharsets.UTF_8), true);
            assertThat(first.nextFrame().text()).isEqualTo("4after");
        }
    }
}
