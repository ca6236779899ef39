// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawConnection;
import static dev.sio4j.testsupport.WebSocketFrames.BINARY;
import static dev.sio4j.testsupport.WebSocketFrames.CLOSE;
import static dev.sio4j.testsupport.WebSocketFrames.CONTINUATION;
import static dev.sio4j.testsupport.WebSocketFrames.FIN;
import static dev.sio4j.testsupport.WebSocketFrames.PING;
import static dev.sio4j.testsupport.WebSocketFrames.PONG;
import static dev.sio4j.testsupport.WebSocketFrames.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.testsupport.WebSocketFrames.Frame;
import dev.sio4j.testsupport.WebSocketFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Autobahn TestSuite's case groups 1 to 7, written as our own tests against a real echo
 * server over a raw socket; each test name carries the Autobahn case numbers it follows. The
 * expected outcome is RFC 6455's; where RFC 6455 leaves a choice or ws (engine.io's WebSocket
 * library) differs, the choice is the one in docs/architecture.md's "Security behaviour".
 *
 * <ul>
 *   <li>1 Framing (1.1.1-1.1.8, 1.2.1-1.2.8): text and binary messages at every length form
 *       (7-bit, 16-bit, 64-bit) up to maxHttpBufferSize, whole and in chops of 997 bytes, are
 *       echoed. One byte over the maximum fails with 1009 as soon as the header is read (ws's
 *       code; Netty's own would be 1002), and so does a 2^63 length (row 42).</li>
 *   <li>2 Pings and pongs (2.1-2.11): a ping of up to 125 bytes is answered with its payload,
 *       in order, whole or byte by byte; 126 bytes fail 1002; unsolicited pongs are ignored.</li>
 *   <li>3 Reserved bits (3.1-3.7): any RSV bit without a negotiated extension fails 1002, on
 *       text, binary and control frames; a message before the bad frame is still echoed, a ping
 *       after it is not answered.</li>
 *   <li>4 Opcodes (4.1.1-4.2.5): each reserved data (3-7) and control (0xB-0xF) opcode fails
 *       1002, after the echo of the message before it.</li>
 *   <li>5 Fragmentation (5.1-5.20): fragmented control frames and continuations without a
 *       start, after a final fragment or interrupted by a new message fail 1002; fragments are
 *       joined, in any chop, with pings between them answered at once.</li>
 *   <li>6 UTF-8 (6.1-6.23, a representative set): valid text, including the boundary code
 *       points and characters split across fragments, is echoed whole and fragment per byte;
 *       overlong forms, surrogates, code points above U+10FFFF, 5- and 6-byte forms, lone
 *       continuation bytes, truncated sequences and FE/FF fail 1007. The fragment holding
 *       invalid UTF-8 fails the connection even before the message ends (6.4; ws answers the
 *       same 1007 once the message is whole).</li>
 *   <li>7 Close handling (7.1.1-7.1.6, 7.3.1-7.3.6, 7.5.1, 7.7.x, 7.9.x, 7.13.x): a message
 *       before a Close is echoed before the Close answer; nothing after a Close is read or
 *       answered; an empty Close is answered empty, a code and reason are echoed, a 1-byte body
 *       or a 124-byte reason fails 1002, a reason that is not UTF-8 fails 1007; the codes
 *       1000-1003, 1007-1014 and 3000-4999 are valid (1012-1014 as ws and the IANA registry
 *       have them; early Autobahn called them invalid), every other code fails 1002.</li>
 * </ul>
 *
 * <p>Engine.IO rides on the WebSocket: a text message is an Engine.IO packet, so the tests send
 * {@code 4...} (a MESSAGE, echoed back) where Autobahn sends any text, and a text message that is
 * no packet (empty, say: 1.1.1 and 6.1.1) ends the session as engine.io ends it ("parse error",
 * an empty Close). Binary messages are echoed whatever they hold. A failed connection gets a
 * Close frame with the code and no reason, nothing after it, and then the end of TCP. After
 * every case a healthy client on the same server still gets its echo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Rfc6455CasesTest {

    private static final int MAX = 1_000_000; // maxHttpBufferSize's default, the largest message
    private static final byte[] NO_BYTES = {};

    private EchoServer s;
    private RawConnection healthy;
    /** The sid of the session {@link #open()} opened last. */
    private String lastSid;
    private final AtomicInteger healthChecks = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        // No Engine.IO ping during the class: every frame a test reads is one it asked for.
        s = new EchoServer(b -> b.pingInterval(Duration.ofMinutes(5)).pingTimeout(Duration.ofMinutes(1)));
        healthy = open();
    }

    @AfterAll
    void stop() throws IOException {
        healthy.close();
        s.close();
    }

    @AfterEach
    void aHealthyClientOnTheSameServerStillGetsItsEcho() throws IOException {
        String text = "4healthy-" + healthChecks.incrementAndGet();
        healthy.write(WebSocketFrames.text(text));
        assertThat(healthy.nextFrame().text()).isEqualTo(text);
    }

    /** A new Engine.IO session over a raw WebSocket, its OPEN packet read. */
    private RawConnection open() throws IOException {
        RawConnection raw = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket");
        String open = raw.nextFrame().text();
        assertThat(open).startsWith("0{\"sid\":\"");
        lastSid = open.substring(9, open.indexOf('"', 9));
        return raw;
    }

    private static byte[] frame(int firstByte, byte[] payload) {
        return WebSocketFrames.clientFrame(firstByte, payload, true);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An Engine.IO MESSAGE of exactly {@code length} bytes on the wire ({@code 4xxx...}). */
    private static byte[] message(int length) {
        byte[] m = new byte[length];
        Arrays.fill(m, (byte) 'x');
        m[0] = '4';
        return m;
    }

    private static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} in pieces of {@code chop} bytes, each flushed on its own. */
    private static void writeChopped(RawConnection raw, byte[] bytes, int chop) throws IOException {
        for (int at = 0; at < bytes.length; at += chop) {
            raw.write(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chop)));
        }
    }

    private static void assertFrame(Frame f, int opcode, byte[] payload) {
        assertThat(f.opcode()).as("opcode").isEqualTo(opcode);
        assertThat(f.fin()).as("FIN").isTrue();
        assertThat(f.payload()).as("payload of %s bytes", payload.length).isEqualTo(payload);
    }

    /**
     * The server fails the connection: a Close frame with {@code code} and no reason, nothing
     * else before it, and then the end of the TCP connection.
     */
    private static void assertFailedWith(RawConnection raw, int code) throws IOException {
        Frame f = raw.nextFrame();
        assertThat(f.opcode()).as("a Close frame, not %s", f).isEqualTo(CLOSE);
        assertThat(f.payload()).isEqualTo(WebSocketFrames.closePayload(code, NO_BYTES));
        assertThat(restUntilClosed(raw)).as("nothing after the Close frame").isEmpty();
    }

    /** The server answers a Close with {@code payload} and ends the TCP connection. */
    private static void assertClosedWith(RawConnection raw, byte[] payload) throws IOException {
        assertFrame(raw.nextFrame(), CLOSE, payload);
        assertThat(restUntilClosed(raw)).as("nothing after the Close frame").isEmpty();
    }

    /**
     * What the server sends until it ends the connection, with a FIN or, when it closed with
     * bytes of ours still unread, a reset; fails when it has not ended it within 5 s.
     */
    private static byte[] restUntilClosed(RawConnection raw) {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            for (int b = raw.in().read(); b >= 0; b = raw.in().read()) {
                rest.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not end the connection within 5 s");
        } catch (IOException reset) {
            // ended
        }
        return rest.toByteArray();
    }

    // ---- 1. Framing ----

    @ParameterizedTest(name = "1.1: a text message of {0} bytes is echoed")
    @ValueSource(ints = {1, 125, 126, 127, 128, 65535, 65536, MAX})
    void case1_1_textMessagesOfEveryLengthForm(int length) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | TEXT, message(length)));
            assertFrame(raw.nextFrame(), TEXT, message(length));
        }
    }

    @ParameterizedTest(name = "1.2: a binary message of {0} bytes is echoed")
    @ValueSource(ints = {0, 125, 126, 127, 128, 65535, 65536, MAX})
    void case1_2_binaryMessagesOfEveryLengthForm(int length) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | BINARY, bytes(length)));
            assertFrame(raw.nextFrame(), BINARY, bytes(length));
        }
    }

    @Test
    void case1_1_8_aMessageWrittenInChopsOf997Bytes() throws IOException {
        try (RawConnection raw = open()) {
            writeChopped(raw, frame(FIN | TEXT, message(65535)), 997);
            assertFrame(raw.nextFrame(), TEXT, message(65535));
            writeChopped(raw, frame(FIN | BINARY, bytes(65536)), 997);
            assertFrame(raw.nextFrame(), BINARY, bytes(65536));
        }
    }

    @Test
    void case1_aFrameOneByteOverTheMaximumFails1009OnItsHeader() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(WebSocketFrames.header(FIN | BINARY, MAX + 1, true, 64)); // no payload needed
            assertFailedWith(raw, 1009);
        }
    }

    @Test
    void case1_anEmptyTextMessageIsNoEngineIoPacketAndEndsTheSession() throws IOException {
        String sid;
        try (RawConnection raw = open()) {
            sid = lastSid;
            raw.write(frame(FIN | TEXT, NO_BYTES));
            assertClosedWith(raw, NO_BYTES);
        }
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.PARSE_ERROR);
    }

    // ---- 2. Pings and pongs ----

    @ParameterizedTest(name = "2.1-2.4: a ping of {0} bytes is answered by a pong with its payload")
    @ValueSource(ints = {0, 1, 13, 125})
    void case2_pingsUpTo125BytesAreAnswered(int length) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | PING, bytes(length)));
            assertFrame(raw.nextFrame(), PONG, bytes(length));
            raw.write(frame(FIN | PING, utf8("Hello, world!")));
            assertFrame(raw.nextFrame(), PONG, utf8("Hello, world!"));
        }
    }

    @Test
    void case2_5_aPingOf126BytesFails1002() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | PING, bytes(126)));
            assertFailedWith(raw, 1002);
        }
    }

    @Test
    void case2_6_aPingWrittenByteByByteIsAnswered() throws IOException {
        try (RawConnection raw = open()) {
            writeChopped(raw, frame(FIN | PING, bytes(125)), 1);
            assertFrame(raw.nextFrame(), PONG, bytes(125));
        }
    }

    @Test
    void case2_7_to_2_9_unsolicitedPongsAreIgnored() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(FIN | PONG, NO_BYTES), frame(FIN | PONG, utf8("unsolicited")),
                    frame(FIN | PING, utf8("solicited")), frame(FIN | TEXT, utf8("4after"))));
            assertFrame(raw.nextFrame(), PONG, utf8("solicited"));
            assertFrame(raw.nextFrame(), TEXT, utf8("4after"));
        }
    }

    @ParameterizedTest(name = "2.10/2.11: ten pings written in chops of {0} bytes get ten pongs, in order")
    @ValueSource(ints = {1, 1000})
    void case2_10_tenPingsGetTenPongs(int chop) throws IOException {
        try (RawConnection raw = open()) {
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                pings.writeBytes(frame(FIN | PING, utf8("payload-" + i)));
            }
            writeChopped(raw, pings.toByteArray(), chop);
            for (int i = 0; i < 10; i++) {
                assertFrame(raw.nextFrame(), PONG, utf8("payload-" + i));
            }
        }
    }

    // ---- 3. Reserved bits ----

    @ParameterizedTest(name = "3.x: RSV bits {0} on a text frame fail 1002 after the echo before it")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void case3_reservedBitsWithoutAnExtensionFail1002(int rsv) throws IOException {
        try (RawConnection raw = open()) {
            // 3.4: a valid message first, then the bad frame, then a ping that must stay unanswered.
            raw.write(concat(frame(FIN | TEXT, utf8("4before")), frame(FIN | rsv << 4 | TEXT, utf8("4bad")),
                    frame(FIN | PING, NO_BYTES)));
            assertFrame(raw.nextFrame(), TEXT, utf8("4before"));
            assertFailedWith(raw, 1002);
        }
    }

    @ParameterizedTest(name = "3.5-3.7: RSV bits on a frame of opcode {0} fail 1002")
    @ValueSource(ints = {BINARY, PING, CLOSE})
    void case3_reservedBitsOnBinaryAndControlFramesFail1002(int opcode) throws IOException {
        try (RawConnection raw = open()) {
            byte[] payload = opcode == CLOSE ? WebSocketFrames.closePayload(1000, NO_BYTES) : bytes(4);
            raw.write(frame(FIN | 0x70 | opcode, payload));
            assertFailedWith(raw, 1002);
        }
    }

    // ---- 4. Opcodes ----

    @ParameterizedTest(name = "4.x: reserved opcode {0} fails 1002 after the echo before it")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void case4_reservedOpcodesFail1002(int opcode) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(FIN | TEXT, utf8("4before")), frame(FIN | opcode, bytes(8)), frame(FIN | PING, NO_BYTES)));
            assertFrame(raw.nextFrame(), TEXT, utf8("4before"));
            assertFailedWith(raw, 1002);
        }
    }

    // ---- 5. Fragmentation ----

    @ParameterizedTest(name = "5.1/5.2: a fragmented control frame (opcode {0}) fails 1002")
    @ValueSource(ints = {PING, PONG})
    void case5_1_fragmentedControlFramesFail1002(int opcode) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(opcode, utf8("frag")), frame(FIN | CONTINUATION, utf8("ment"))));
            assertFailedWith(raw, 1002);
        }
    }

    @ParameterizedTest(name = "5.3-5.8: a fragmented message written in chops of {0} bytes, a ping and a pong inside")
    @ValueSource(ints = {1, 4096})
    void case5_3_to_5_8_fragmentsAreJoinedAndControlFramesBetweenThemAnswered(int chop) throws IOException {
        try (RawConnection raw = open()) {
            writeChopped(raw, concat(frame(TEXT, utf8("4frag")), frame(FIN | PING, utf8("in between")),
                    frame(CONTINUATION, utf8("ment")), frame(FIN | PONG, utf8("unsolicited")),
                    frame(FIN | CONTINUATION, utf8("ed"))), chop);
            assertFrame(raw.nextFrame(), PONG, utf8("in between"));
            assertFrame(raw.nextFrame(), TEXT, utf8("4fragmented"));
        }
    }

    @Test
    void case5_19_aMessageInFiveFragmentsWithPingsAfterTheFirstAndThird() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(BINARY, bytes(3)), frame(FIN | PING, utf8("one")), frame(CONTINUATION, bytes(3)),
                    frame(CONTINUATION, bytes(3)), frame(FIN | PING, utf8("two")), frame(CONTINUATION, bytes(3)),
                    frame(FIN | CONTINUATION, bytes(3))));
            assertFrame(raw.nextFrame(), PONG, utf8("one"));
            assertFrame(raw.nextFrame(), PONG, utf8("two"));
            byte[] whole = concat(bytes(3), bytes(3), bytes(3), bytes(3), bytes(3));
            assertFrame(raw.nextFrame(), BINARY, whole);
        }
    }

    @ParameterizedTest(name = "5.9-5.14: a continuation without a start (FIN {0}) fails 1002")
    @ValueSource(booleans = {true, false})
    void case5_9_aContinuationWithoutAStartFails1002(boolean fin) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame((fin ? FIN : 0) | CONTINUATION, utf8("4x")), frame(FIN | TEXT, utf8("4y"))));
            assertFailedWith(raw, 1002);
        }
    }

    @Test
    void case5_15_aContinuationAfterTheLastFragmentFails1002AfterTheEcho() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(TEXT, utf8("4frag")), frame(FIN | CONTINUATION, utf8("ment1")),
                    frame(CONTINUATION, utf8("4frag")), frame(FIN | TEXT, utf8("ment2"))));
            assertFrame(raw.nextFrame(), TEXT, utf8("4fragment1"));
            assertFailedWith(raw, 1002);
        }
    }

    @ParameterizedTest(name = "5.17/5.18: a new message (opcode {0}) inside a fragmented one fails 1002")
    @ValueSource(ints = {TEXT, FIN | TEXT, FIN | BINARY})
    void case5_17_aNewMessageBeforeTheLastFragmentFails1002(int firstByte) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(TEXT, utf8("4frag")), frame(firstByte, utf8("4other"))));
            assertFailedWith(raw, 1002);
        }
    }

    // ---- 6. UTF-8 ----

    @Test
    void case6_1_emptyFragmentsAroundTextAreJoined() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(TEXT, NO_BYTES), frame(CONTINUATION, utf8("4x")), frame(FIN | CONTINUATION, NO_BYTES)));
            assertFrame(raw.nextFrame(), TEXT, utf8("4x"));
        }
    }

    @ParameterizedTest(name = "6.2, 6.5-6.7: valid UTF-8 {0} is echoed, whole and split at every byte")
    @ValueSource(strings = {"Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!", "\u03ba\u1f79\u03c3\u03bc\u03b5",
        "\u0000", "\u007f", "\u0080", "\u07ff", "\u0800", "\ufffd", "\uffff", "\ud800\udc00", "\udbff\udfff"})
    void case6_2_validUtf8IsEchoedWholeAndFragmentedPerByte(String text) throws IOException {
        byte[] payload = utf8("4" + text);
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | TEXT, payload));
            assertFrame(raw.nextFrame(), TEXT, payload);
            raw.write(perByte(payload));
            assertFrame(raw.nextFrame(), TEXT, payload);
        }
    }

    /** A text message in fragments of one byte each. */
    private static byte[] perByte(byte[] payload) {
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        for (int i = 0; i < payload.length; i++) {
            int firstByte = (i == payload.length - 1 ? FIN : 0) | (i == 0 ? TEXT : CONTINUATION);
            fragments.writeBytes(frame(firstByte, new byte[] {payload[i]}));
        }
        return fragments.toByteArray();
    }

    /**
     * 6.3, 6.6, 6.8-6.21: sequences that are not UTF-8: overlong forms, surrogates, code points
     * above U+10FFFF, 5- and 6-byte forms, lone continuation bytes, truncated sequences, FE/FF.
     */
    @ParameterizedTest(name = "6.x: invalid UTF-8 {0} fails 1007, whole or split at every byte")
    @ValueSource(strings = {"c080", "e08080", "f0808080", "c1bf", "e09fbf", "eda080", "edbfbf", "eda080edb080",
        "f4908080", "f7bfbfbf", "f888808080", "fc8480808080", "80", "bf", "80bf80", "c0", "e282", "f09f98", "fe", "ff",
        "cebae1bdb9cf83cebcceb5eda080656469746564"})
    void case6_invalidUtf8Fails1007(String hex) throws IOException {
        byte[] payload = concat(utf8("4"), HexFormat.of().parseHex(hex));
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | TEXT, payload));
            assertFailedWith(raw, 1007);
        }
        try (RawConnection raw = open()) {
            raw.write(perByte(payload));
            assertFailedWith(raw, 1007);
        }
    }

    @Test
    void case6_4_invalidUtf8FailsAtTheFragmentThatHoldsItBeforeTheMessageEnds() throws IOException {
        try (RawConnection raw = open()) {
            // Valid first fragment, then one ending in an invalid byte; the message never ends.
            raw.write(concat(frame(TEXT, utf8("4\u03ba\u1f79\u03c3\u03bc\u03b5")), frame(CONTINUATION, HexFormat.of().parseHex("f4908080"))));
            assertFailedWith(raw, 1007);
        }
    }

    @Test
    void case6_aCharacterSplitAcrossFragmentsIsJoined() throws IOException {
        byte[] euro = utf8("\u20ac"); // e2 82 ac
        try (RawConnection raw = open()) {
            raw.write(concat(frame(TEXT, concat(utf8("4"), Arrays.copyOf(euro, 2))),
                    frame(FIN | CONTINUATION, Arrays.copyOfRange(euro, 2, 3))));
            assertFrame(raw.nextFrame(), TEXT, utf8("4\u20ac"));
        }
    }

    // ---- 7. Close handling ----

    @Test
    void case7_1_1_aMessageThenACloseAreAnsweredInOrder() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(concat(frame(FIN | TEXT, utf8("4hello")), frame(FIN | CLOSE, WebSocketFrames.closePayload(1000, NO_BYTES))));
            assertFrame(raw.nextFrame(), TEXT, utf8("4hello"));
            assertClosedWith(raw, WebSocketFrames.closePayload(1000, NO_BYTES));
        }
    }

    /** 7.1.2-7.1.5: after a Close, nothing the client sends is answered: a second Close, a ping, a message, a fragment's end. */
    @ParameterizedTest(name = "7.1.2-7.1.5: after a Close, {0} is ignored")
    @ValueSource(strings = {"close", "ping", "text", "continuation"})
    void case7_1_dataAfterACloseIsIgnored(String after) throws IOException {
        byte[] close = frame(FIN | CLOSE, WebSocketFrames.closePayload(1000, NO_BYTES));
        byte[] then = switch (after) {
            case "close" -> frame(FIN | CLOSE, WebSocketFrames.closePayload(1001, NO_BYTES));
            case "ping" -> frame(FIN | PING, utf8("after"));
            case "text" -> frame(FIN | TEXT, utf8("4after"));
            default -> frame(FIN | CONTINUATION, utf8("ment"));
        };
        byte[] before = after.equals("continuation") ? frame(TEXT, utf8("4frag")) : NO_BYTES;
        try (RawConnection raw = open()) {
            raw.write(concat(before, close, then));
            assertClosedWith(raw, WebSocketFrames.closePayload(1000, NO_BYTES));
        }
    }

    @Test
    void case7_1_6_aLargeMessageThenACloseThenAPing() throws IOException {
        byte[] large = message(256 * 1024);
        byte[] close = WebSocketFrames.closePayload(1000, NO_BYTES);
        try (RawConnection raw = open()) {
            raw.write(concat(frame(FIN | TEXT, large), frame(FIN | CLOSE, close), frame(FIN | PING, utf8("after"))));
            assertFrame(raw.nextFrame(), TEXT, large);
            assertClosedWith(raw, close);
        }
    }

    @Test
    void case7_3_1_anEmptyCloseIsAnsweredWithAnEmptyClose() throws IOException {
        String sid;
        try (RawConnection raw = open()) {
            sid = lastSid;
            raw.write(frame(FIN | CLOSE, NO_BYTES));
            assertClosedWith(raw, NO_BYTES);
        }
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void case7_3_2_aCloseOfOneByteFails1002() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, new byte[] {0x03}));
            assertFailedWith(raw, 1002);
        }
    }

    @ParameterizedTest(name = "7.3.3-7.3.5: a close reason of {0} bytes is echoed")
    @ValueSource(ints = {0, 12, 123})
    void case7_3_closeReasonsUpTo123BytesAreEchoed(int length) throws IOException {
        byte[] reason = new byte[length];
        Arrays.fill(reason, (byte) '*');
        byte[] payload = WebSocketFrames.closePayload(1000, reason);
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, payload));
            assertClosedWith(raw, payload);
        }
    }

    @Test
    void case7_3_6_aCloseReasonOf124BytesMakesTheFrameTooLongAndFails1002() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, WebSocketFrames.closePayload(1000, new byte[124])));
            assertFailedWith(raw, 1002);
        }
    }

    @Test
    void case7_5_1_aCloseReasonThatIsNotUtf8Fails1007() throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, WebSocketFrames.closePayload(1000, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080"))));
            assertFailedWith(raw, 1007);
        }
    }

    @Test
    void case7_5_aValidUtf8CloseReasonIsEchoed() throws IOException {
        byte[] payload = WebSocketFrames.closePayload(4000, utf8("\u03ba\u1f79\u03c3\u03bc\u03b5 \u20ac"));
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, payload));
            assertClosedWith(raw, payload);
        }
    }

    /** 7.7: the codes a peer may send, as ws accepts them (1012-1014 registered with IANA since). */
    @ParameterizedTest(name = "7.7: close code {0} is echoed")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void case7_7_validCloseCodesAreEchoed(int code) throws IOException {
        byte[] payload = WebSocketFrames.closePayload(code, NO_BYTES);
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, payload));
            assertClosedWith(raw, payload);
        }
    }

    @ParameterizedTest(name = "7.9: close code {0} fails 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void case7_9_invalidCloseCodesFail1002(int code) throws IOException {
        try (RawConnection raw = open()) {
            raw.write(frame(FIN | CLOSE, WebSocketFrames.closePayload(code, NO_BYTES)));
            assertFailedWith(raw, 1002);
        }
    }
}
