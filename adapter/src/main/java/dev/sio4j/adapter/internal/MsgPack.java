// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * MessagePack for JSON trees, written as the JavaScript encoders of the official Redis adapters
 * write it (notepack.io for the classic and sharded adapters, @msgpack/msgpack for the streams
 * adapter; the two agree on everything a JSON tree holds): the smallest integer form for
 * integral numbers of magnitude below 2^53 (a Java {@code 3.0} included, since JavaScript has one
 * number type), float64 for every other number, the smallest string, binary, array and map
 * headers. A {@code BinaryNode} is {@code bin}; a missing value in an object is left out (as
 * {@code undefined}).
 *
 * <p>Decoding accepts every MessagePack form, and the two date extensions those encoders write
 * (notepack's type 0, @msgpack/msgpack's timestamp, type -1), as the ISO-8601 string
 * {@code JSON.stringify} would have sent to a client. It is strict about everything else: no
 * other extension, no trailing bytes, strings must be valid UTF-8, map keys must be strings or
 * numbers, nesting is bounded ({@value #MAX_DEPTH} levels), and no declared length may exceed the
 * bytes left, so a hostile message cannot make it allocate more than its own size.
 *
 * <p>Used by the Redis adapters (sio4j-redis-adapter, sio4j-redis-streams-adapter). Stateless and
 * thread-safe.
 */
public final class MsgPack {

    /** The deepest nesting of arrays and maps accepted. */
    public static final int MAX_DEPTH = 128;

    private static final double TWO_53 = 9007199254740992d;
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MsgPack() {
    }

    /** A MessagePack value that cannot be read as JSON; the message is dropped. */
    public static final class MsgPackException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MsgPackException(String message) {
            super(message);
        }
    }

    // ---- encoding ----

    /** {@code value} as MessagePack bytes. */
    public static byte[] encode(JsonNode value) {
        Out out = new Out();
        write(out, value);
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(128);
        }

        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void u32(long v) {
            u16((int) (v >>> 16) & 0xffff);
            u16((int) v & 0xffff);
        }

        void u64(long v) {
            u32(v >>> 32);
            u32(v & 0xffffffffL);
        }
    }

    private static void write(Out out, JsonNode node) {
        switch (node.getNodeType()) {
            case NULL, MISSING, POJO -> out.write(0xc0);
            case BOOLEAN -> out.write(node.booleanValue() ? 0xc3 : 0xc2);
            case NUMBER -> writeNumber(out, node);
            case STRING -> writeString(out, node.textValue());
            case BINARY -> writeBinary(out, binary(node));
            case ARRAY -> {
                header(out, node.size(), 0x90, 16, 0xdc, 0xdd);
                for (JsonNode item : node) {
                    write(out, item);
                }
            }
            case OBJECT -> {
                int size = 0;
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    if (!it.next().isMissingNode()) {
                        size++;
                    }
                }
                header(out, size, 0x80, 16, 0xde, 0xdf);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isMissingNode()) {
                        writeString(out, e.getKey());
                        write(out, e.getValue());
                    }
                }
            }
        }
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(Out out, int size, int fix, int fixLimit, int h16, int h32) {
        if (size < fixLimit) {
            out.write(fix | size);
        } else if (size < 0x10000) {
            out.write(h16);
            out.u16(size);
        } else {
            out.write(h32);
            out.u32(size);
        }
    }

    private static void writeNumber(Out out, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long v = node.longValue();
            if (Math.abs((double) v) < TWO_53) {
                writeInteger(out, v);
                return;
            }
        } else if (!node.isIntegralNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < TWO_53) { // -0 too, as in JavaScript
                writeInteger(out, (long) d);
                return;
            }
        }
        out.write(0xcb);
        out.u64(Double.doubleToLongBits(node.doubleValue()));
    }

    private static void writeInteger(Out out, long v) {
        if (v >= 0) {
            if (v < 0x80) {
                out.write((int) v);
            } else if (v < 0x100) {
                out.write(0xcc);
                out.write((int) v);
            } else if (v < 0x10000) {
                out.write(0xcd);
                out.u16((int) v);
            } else if (v < 0x100000000L) {
                out.write(0xce);
                out.u32(v);
            } else {
                out.write(0xcf);
                out.u64(v);
            }
        } else if (v >= -0x20) {
            out.write((int) v & 0xff);
        } else if (v >= -0x80) {
            out.write(0xd0);
            out.write((int) v);
        } else if (v >= -0x8000) {
            out.write(0xd1);
            out.u16((int) v & 0xffff);
        } else if (v >= -0x80000000L) {
            out.write(0xd2);
            out.u32(v & 0xffffffffL);
        } else {
            out.write(0xd3);
            out.u64(v);
        }
    }

    private static void writeString(Out out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        if (n < 32) {
            out.write(0xa0 | n);
        } else if (n < 0x100) {
            out.write(0xd9);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0xda);
            out.u16(n);
        } else {
            out.write(0xdb);
            out.u32(n);
        }
        out.write(utf8, 0, n);
    }

    private static void writeBinary(Out out, byte[] b) {
        int n = b.length;
        if (n < 0x100) {
            out.write(0xc4);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0xc5);
            out.u16(n);
        } else {
            out.write(0xc6);
            out.u32(n);
        }
        out.write(b, 0, n);
    }

    // ---- decoding ----

    /** The JSON tree of the MessagePack value {@code bytes}; throws {@link MsgPackException}. */
    public static JsonNode decode(byte[] bytes) {
        In in = new In(bytes);
        JsonNode value = in.value(0);
        if (in.pos != bytes.length) {
            throw new MsgPackException((bytes.length - in.pos) + " bytes after the value");
        }
        return value;
    }

    private static final class In {
        private static final JsonNodeFactory F = JsonNodeFactory.instance;
        final byte[] b;
        int pos;

        In(byte[] b) {
            this.b = b;
        }

        int u8() {
            need(1);
            return b[pos++] & 0xff;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        long u64() {
            return (u32() << 32) | u32();
        }

        void need(long n) {
            if (n > b.length - pos) {
                throw new MsgPackException("truncated: " + n + " bytes needed at offset " + pos + " of " + b.length);
            }
        }

        /** A length that must fit in what is left, each element taking at least {@code unit} bytes. */
        int length(long n, int unit) {
            need(n * unit);
            return (int) n;
        }

        JsonNode value(int depth) {
            int t = u8();
            if (t <= 0x7f) {
                return F.numberNode(t);
            } else if (t <= 0x8f) {
                return map(t & 0x0f, depth);
            } else if (t <= 0x9f) {
                return array(t & 0x0f, depth);
            } else if (t <= 0xbf) {
                return F.textNode(str(t & 0x1f));
            } else if (t >= 0xe0) {
                return F.numberNode((byte) t);
            }
            return switch (t) {
                case 0xc0 -> F.nullNode();
                case 0xc2 -> F.booleanNode(false);
                case 0xc3 -> F.booleanNode(true);
                case 0xc4 -> F.binaryNode(bytes(u8()));
                case 0xc5 -> F.binaryNode(bytes(u16()));
                case 0xc6 -> F.binaryNode(bytes(length(u32(), 1)));
                case 0xc7 -> ext(u8());
                case 0xc8 -> ext(u16());
                case 0xc9 -> ext(length(u32(), 1));
                case 0xca -> F.numberNode((double) Float.intBitsToFloat((int) u32()));
                case 0xcb -> F.numberNode(Double.longBitsToDouble(u64()));
                case 0xcc -> F.numberNode(u8());
                case 0xcd -> F.numberNode(u16());
                case 0xce -> integer(u32());
                case 0xcf -> unsigned64(u64());
                case 0xd0 -> F.numberNode((int) (byte) u8());
                case 0xd1 -> F.numberNode((int) (short) u16());
                case 0xd2 -> F.numberNode((int) u32());
                case 0xd3 -> integer(u64());
                case 0xd4 -> ext(1);
                case 0xd5 -> ext(2);
                case 0xd6 -> ext(4);
                case 0xd7 -> ext(8);
                case 0xd8 -> ext(16);
                case 0xd9 -> F.textNode(str(u8()));
                case 0xda -> F.textNode(str(u16()));
                case 0xdb -> F.textNode(str(length(u32(), 1)));
                case 0xdc -> array(u16(), depth);
                case 0xdd -> array(length(u32(), 1), depth);
                case 0xde -> map(u16(), depth);
                case 0xdf -> map(length(u32(), 2), depth);
                default -> throw new MsgPackException(String.format(java.util.Locale.ROOT,
                        "unused type byte 0x%02x at offset %d", t, pos - 1));
            };
        }

        JsonNode unsigned64(long v) {
            return v >= 0 ? integer(v) : F.numberNode(new BigInteger(Long.toUnsignedString(v)));
        }

        /** An int node when it fits, so that equal numbers make equal trees. */
        static JsonNode integer(long v) {
            return v == (int) v ? F.numberNode((int) v) : F.numberNode(v);
        }

        byte[] bytes(int n) {
            need(n);
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        String str(int n) {
            need(n);
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new MsgPackException("invalid UTF-8 in a string at offset " + pos);
            }
        }

        ArrayNode array(int n, int depth) {
            nest(depth);
            length(n, 1);
            ArrayNode a = F.arrayNode(n);
            for (int i = 0; i < n; i++) {
                a.add(value(depth + 1));
            }
            return a;
        }

        ObjectNode map(int n, int depth) {
            nest(depth);
            length(n, 2);
            ObjectNode o = F.objectNode();
            for (int i = 0; i < n; i++) {
                JsonNode key = value(depth + 1);
                if (!key.isTextual() && !key.isNumber()) {
                    throw new MsgPackException("a map key of type " + key.getNodeType() + " at offset " + pos);
                }
                o.set(key.asText(), value(depth + 1));
            }
            return o;
        }

        void nest(int depth) {
            if (depth >= MAX_DEPTH) {
                throw new MsgPackException("nested deeper than " + MAX_DEPTH);
            }
        }

        /** The date extensions of notepack.io (type 0) and @msgpack/msgpack (type -1); nothing else. */
        JsonNode ext(int n) {
            int type = (byte) u8();
            byte[] data = bytes(n);
            if (type == 0 && n == 8) {
                double millis = Double.longBitsToDouble(java.nio.ByteBuffer.wrap(data).getLong());
                return F.textNode(JS_ISO.format(Instant.ofEpochMilli((long) millis)));
            }
            if (type == -1 && (n == 4 || n == 8 || n == 12)) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(data);
                long seconds;
                long nanos;
                if (n == 4) {
                    seconds = bb.getInt() & 0xffffffffL;
                    nanos = 0;
                } else if (n == 8) {
                    long v = bb.getLong();
                    nanos = v >>> 34;
                    seconds = v & 0x3ffffffffL;
                } else {
                    nanos = bb.getInt() & 0xffffffffL;
                    seconds = bb.getLong();
                }
                return F.textNode(JS_ISO.format(Instant.ofEpochSecond(seconds, nanos)));
            }
            throw new MsgPackException("unsupported extension type " + type + " of " + n + " bytes");
        }
    }
}
