// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made RFC 6455 frames for tests that speak WebSocket byte by byte: frames a client may not
 * send (wrong bits, unmasked, lying lengths) and a reader of the server's frames. Stateless.
 */
public final class WebSocketFrames {

    /** Opcodes (RFC 6455 5.2). */
    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    /** The FIN bit of the first byte. */
    public static final int FIN = 0x80;

    private static final byte[] MASK = {1, 2, 3, 4};

    private WebSocketFrames() {
    }

    /** One frame received from the server. */
    public record Frame(int firstByte, byte[] payload) {
        public int opcode() {
            return firstByte & 0x0f;
        }

        public boolean fin() {
            return (firstByte & FIN) != 0;
        }

        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a Close frame: 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /**
     * The bytes of one client frame with the length in its shortest form; masked (with a fixed
     * key) unless {@code masked} is false.
     *
     * @param firstByte FIN, RSV1-3 and the opcode, e.g. {@code FIN | TEXT}
     */
    public static byte[] clientFrame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.writeBytes(header(firstByte, payload.length, masked, shortestLengthForm(payload.length)));
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ MASK[i % 4] : payload[i]);
        }
        return f.toByteArray();
    }

    /** A masked text frame, FIN set. */
    public static byte[] text(String text) {
        return clientFrame(FIN | TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * A frame header alone, declaring {@code length} in the given form: 0 for the 7-bit length,
     * 16 or 64 for the extended ones (a form longer than needed is a protocol error; a 64-bit
     * length may have its top bit set). The mask key, when {@code masked}, is the one
     * {@link #clientFrame} uses.
     */
    public static byte[] header(int firstByte, long length, boolean masked, int lengthBits) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(14);
        f.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (lengthBits == 0) {
            f.write(maskBit | (int) length);
        } else if (lengthBits == 16) {
            f.write(maskBit | 126);
            f.write((int) (length >> 8));
            f.write((int) length);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (length >> (8 * i)));
            }
        }
        if (masked) {
            f.writeBytes(MASK);
        }
        return f.toByteArray();
    }

    /** The length form RFC 6455 requires for {@code length}: 0 (7-bit), 16 or 64. */
    public static int shortestLengthForm(long length) {
        return length < 126 ? 0 : length < 65536 ? 16 : 64;
    }

    /** The payload of a Close frame carrying {@code code} and no reason text. */
    public static byte[] closePayload(int code) {
        return closePayload(code, new byte[0]);
    }

    /** The payload of a Close frame: the status code, then {@code reason} (raw bytes, any). */
    public static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    /** Reads one (unmasked) server frame. */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.readUnsignedByte();
        int b1 = d.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = d.readUnsignedShort();
        } else if (len == 127) {
            len = d.readLong();
        }
        if (len < 0 || len > Integer.MAX_VALUE - 8) {
            throw new IOException("server frame of " + Long.toUnsignedString(len) + " bytes");
        }
        byte[] payload = new byte[(int) len];
        d.readFully(payload);
        return new Frame(b0, payload);
    }
}
