// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * permessage-deflate (RFC 7692) with hand-made compressed frames: negotiation, compressed
 * messages both ways, the threshold, and the inflate cap of SECURITY-CASES row 43.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerMessageDeflateTest {

    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
    private static final int TEXT = 0x81;
    private static final int TEXT_COMPRESSED = 0xC1; // FIN + RSV1

    EchoServer s;
    private String lastSid;

    @BeforeAll
    void start() {
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .perMessageDeflate(true));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private RawConnection open() throws Exception {
        RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket", OFFER);
        assertThat(raw.lastHead().toLowerCase(java.util.Locale.ROOT)).contains("sec-websocket-extensions: permessage-deflate");
        String open = raw.nextFrame().text();
        assertThat(open).startsWith("0{\"sid\"");
        lastSid = open.substring(9, open.indexOf('"', 9));
        return raw;
    }

    @Test
    void compressedMessagesBothWaysAboveTheThreshold() throws Exception {
        try (RawConnection raw = open()) {
            String big = "4" + "hello ".repeat(400); // 2401 bytes: above the 1024-byte threshold
            raw.frame(TEXT_COMPRESSED, deflate(big.getBytes(StandardCharsets.UTF_8)), true);
            WebSocketFrames.Frame echo = raw.nextFrame();
            assertThat(echo.firstByte() & 0x40).as("RSV1: the echo is compressed").isEqualTo(0x40);
            assertThat(echo.payload().length).isLessThan(big.length() / 4);
            assertThat(new String(inflate(echo.payload()), StandardCharsets.UTF_8)).isEqualTo(big);

            // Below the threshold the server sends plain frames; the client may still compress.
            raw.frame(TEXT_COMPRESSED, deflate("4small".getBytes(StandardCharsets.UTF_8)), true);
            WebSocketFrames.Frame small = raw.nextFrame();
            assertThat(small.firstByte() & 0x40).isZero();
            assertThat(new String(small.payload(), StandardCharsets.UTF_8)).isEqualTo("4small");
            raw.frame(TEXT, "4plain".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.nextFrame().text()).isEqualTo("4plain");
        }
    }

    @Test
    void broadcastMessagesAreCompressedAboveTheThresholdToo() throws Exception {
        // A broadcast's frames are encoded once for every session, but never past the
        // compressor: with permessage-deflate on, each session's frames still go through it.
        try (RawConnection raw = open()) {
            // The server's connection handler may run just after the client read the OPEN packet.
            EngineSocket socket = Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> s.socketsBySid.get(lastSid), java.util.Objects::nonNull);
            String big = "hello ".repeat(400);
            try (EngineMessage small = EngineMessage.of("small"); EngineMessage large = EngineMessage.of(big)) {
                assertThat(socket.send(large, false)).isTrue();
                assertThat(socket.send(small, false)).isTrue();
            }
            WebSocketFrames.Frame compressed = raw.nextFrame();
            assertThat(compressed.firstByte() & 0x40).as("RSV1: compressed").isEqualTo(0x40);
            assertThat(new String(inflate(compressed.payload()), StandardCharsets.UTF_8)).isEqualTo("4" + big);
            WebSocketFrames.Frame plain = raw.nextFrame();
            assertThat(plain.firstByte() & 0x40).isZero();
            assertThat(plain.text()).isEqualTo("4small");
        }
    }

    @Test
    void withoutTheOfferNothingIsCompressed() throws Exception {
        try (RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(raw.lastHead().toLowerCase(java.util.Locale.ROOT)).doesNotContain("sec-websocket-extensions");
            raw.nextFrame();
            String big = "4" + "x".repeat(3000);
            raw.frame(TEXT, big.getBytes(StandardCharsets.UTF_8), true);
            WebSocketFrames.Frame echo = raw.nextFrame();
            assertThat(echo.firstByte() & 0x40).isZero();
            assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo(big);
            // RSV1 without a negotiated extension is a protocol error.
            raw.frame(TEXT_COMPRESSED, deflate("4x".getBytes(StandardCharsets.UTF_8)), true);
            assertThat(raw.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void row43_smallFrameInflatingPastMaxHttpBufferSizeCloses1009() throws Exception {
        // 256 MB of one letter deflates to about 250 KB, a legal frame under maxHttpBufferSize
        // (1e6); inflated it is 256 times the limit. The inflater is capped at the limit, so the
        // server stops there instead of allocating the whole message.
        byte[] bomb = deflateRepeated((byte) 'a', 256 << 20);
        assertThat(bomb.length).isLessThan(1_000_000);
        try (RawConnection raw = open()) {
            raw.frame(TEXT_COMPRESSED, bomb, true);
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1009));
        }
        assertThat(s.closeOf(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void corruptCompressedDataCloses1007() throws Exception {
        try (RawConnection raw = open()) {
            raw.frame(TEXT_COMPRESSED, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00}, true);
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1007));
        }
    }

    /** One message compressed as RFC 7692 says: raw deflate, sync flush, the 00 00 ff ff tail removed. */
    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        byte[] out = drain(d, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, out.length - 4);
    }

    /** {@code '4'} followed by {@code total} copies of {@code b}, compressed as one message, in 1 MB steps. */
    private static byte[] deflateRepeated(byte b, int total) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.setInput(new byte[] {'4'});
        out.writeBytes(drain(d, Deflater.NO_FLUSH));
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        for (int done = 0; done < total; done += chunk.length) {
            d.setInput(chunk);
            out.writeBytes(drain(d, Deflater.NO_FLUSH));
        }
        out.writeBytes(drain(d, Deflater.SYNC_FLUSH));
        d.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static byte[] drain(Deflater d, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }

    static byte[] inflate(byte[] compressed) throws Exception {
        Inflater inf = new Inflater(true);
        byte[] withTail = Arrays.copyOf(compressed, compressed.length + 4);
        withTail[compressed.length + 2] = (byte) 0xff;
        withTail[compressed.length + 3] = (byte) 0xff;
        inf.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = inf.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inf.end();
        return out.toByteArray();
    }
}
