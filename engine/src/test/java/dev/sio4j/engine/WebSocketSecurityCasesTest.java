package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** SECURITY-CASES rows on the WebSocket side (8, 9, 16, 38, 40-42, 44), with hand-made frames. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketSecurityCasesTest {

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

    private Raw openSession() throws Exception {
        Raw raw = Raw.webSocket(s, "EIO=4&transport=websocket");
        Object[] open = raw.readFrame();
        assertThat(new String((byte[]) open[1], StandardCharsets.UTF_8)).startsWith("0{\"sid\"");
        return raw;
    }

    @Test
    void echoOverRawFrames() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(TEXT, "4hi".getBytes(StandardCharsets.UTF_8), true);
            assertThat(new String((byte[]) raw.readFrame()[1], StandardCharsets.UTF_8)).isEqualTo("4hi");
            // A fragmented message within the caps is joined.
            raw.frame(0x01, "4a".getBytes(StandardCharsets.UTF_8), true);
            raw.frame(0x80, "b".getBytes(StandardCharsets.UTF_8), true);
            assertThat(new String((byte[]) raw.readFrame()[1], StandardCharsets.UTF_8)).isEqualTo("4ab");
        }
    }

    @Test
    void row16_clientPingClosesTheSession() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(TEXT, "2".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readCloseCode()).isIn(1000, -1);
        }
        org.awaitility.Awaitility.await().until(() -> s.closes.stream()
                .anyMatch(c -> c.description().equals("invalid heartbeat direction")));
    }

    @Test
    void row38_invalidUtf8TextFrameCloses1007() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(TEXT, new byte[] {'4', (byte) 0xc3, (byte) 0x28}, true);
            assertThat(raw.readCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void row40_unmaskedFrameCloses1002() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(TEXT, "4x".getBytes(StandardCharsets.UTF_8), false);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void row40_rsvBitsAndReservedOpcodeClose1002() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(0xC1, "4x".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
        try (Raw raw = openSession()) {
            raw.frame(0x83, new byte[0], true);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
        try (Raw raw = openSession()) {
            raw.frame(0x80, "x".getBytes(StandardCharsets.UTF_8), true); // continuation with no start
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void row41_badCloseCodeCloses1002() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(0x88, new byte[] {0x03, (byte) 0xe7}, true); // 999
            // Netty's decoder has seen the client's close, so it ends the TCP connection without echoing one.
            assertThat(raw.readCloseCode()).isIn(1002, -1);
        }
        try (Raw raw = openSession()) {
            raw.frame(0x88, new byte[] {0x03}, true); // 1-byte close payload
            assertThat(raw.readCloseCode()).isIn(1002, -1);
        }
    }

    @Test
    void row42_oversizedFrameCloses1009() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(TEXT, ("4" + "a".repeat(2000)).getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void row44_tooManyFragmentsCloses1009() throws Exception {
        try (Raw raw = openSession()) {
            raw.frame(0x01, "4".getBytes(StandardCharsets.UTF_8), true);
            for (int i = 0; i < 10; i++) {
                raw.frame(0x00, "a".getBytes(StandardCharsets.UTF_8), true);
            }
            assertThat(raw.readCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void row9_probeWithoutUpgradeIsCancelledAndPollingContinues() throws Exception {
        String sid = Http.openPolling(s);
        try (Raw raw = Raw.webSocket(s, "EIO=4&transport=websocket&sid=" + sid)) {
            raw.frame(TEXT, "2probe".getBytes(StandardCharsets.UTF_8), true);
            assertThat(new String((byte[]) raw.readFrame()[1], StandardCharsets.UTF_8)).isEqualTo("3probe");
            assertThat(raw.readCloseCode()).isIn(1000, -1); // upgradeTimeout (300 ms)
        }
        assertThat(Http.post(s.url("EIO=4&transport=polling&sid=" + sid), "4still").body()).isEqualTo("ok");
        assertThat(Http.get(s.url("EIO=4&transport=polling&sid=" + sid)).body()).isEqualTo("4still");
        assertThat(s.closesBySid).doesNotContainKey(sid);
    }

    @Test
    void row8_secondUpgradeIsRefusedAndTheFirstKeepsWorking() throws Exception {
        String sid = Http.openPolling(s);
        try (Raw first = Raw.webSocket(s, "EIO=4&transport=websocket&sid=" + sid)) {
            first.frame(TEXT, "2probe".getBytes(StandardCharsets.UTF_8), true);
            first.readFrame();
            try (Raw second = Raw.webSocket(s, "EIO=4&transport=websocket&sid=" + sid)) {
                assertThat(second.readCloseCode()).isIn(1000, -1);
            }
            first.frame(TEXT, "5".getBytes(StandardCharsets.UTF_8), true);
            first.frame(TEXT, "4after".getBytes(StandardCharsets.UTF_8), true);
            assertThat(new String((byte[]) first.readFrame()[1], StandardCharsets.UTF_8)).isEqualTo("4after");
        }
    }
}
