// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import dev.sio4j.protocol.engineio.EngineParseException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes Engine.IO v4 packets, as engine.io-parser 5.x does.
 *
 * <ul>
 *   <li>WebSocket: a text packet is one text frame, its type digit followed by its data
 *       ({@code 4hello}); a binary MESSAGE is one raw binary frame, without prefix.</li>
 *   <li>Polling: the packets of one HTTP body are joined by the record separator {@code 0x1E};
 *       a binary MESSAGE is written as {@code b} followed by standard base64.</li>
 * </ul>
 *
 * <p>Decoding is strict: an empty packet, an unknown type or bad base64 throws
 * {@link EngineParseException}; only line breaks inside base64 are skipped, as Node does. As in
 * engine.io-parser, a text frame starting with {@code b} is accepted as a base64 binary MESSAGE on
 * any transport.
 *
 * <p>Stateless and thread-safe: every method is static.
 */
public final class EngineCodec {

    /** The polling payload separator, ASCII "record separator". */
    public static final char SEPARATOR = '\u001e';

    private static final char BASE64_PREFIX = 'b';

    private EngineCodec() {
    }

    /**
     * The text form of one packet: a WebSocket text frame, or one element of a polling payload.
     * A binary MESSAGE comes out as {@code b} + base64; over WebSocket send its
     * {@link EnginePacket#binary()} as a binary frame instead.
     */
    public static String encode(EnginePacket packet) {
        Objects.requireNonNull(packet, "packet");
        if (packet.binary() != null) {
            return BASE64_PREFIX + Base64.getEncoder().encodeToString(packet.binary());
        }
        String text = packet.text();
        return new StringBuilder(text.length() + 1).append(packet.type().wireChar()).append(text).toString();
    }

    /**
     * Decodes one WebSocket text frame (or one element of a polling payload).
     *
     * @throws EngineParseException EMPTY_PACKET, UNKNOWN_TYPE or BAD_BASE64
     */
    public static EnginePacket decodeText(String frame) {
        Objects.requireNonNull(frame, "frame");
        return decodeRange(frame, 0, frame.length());
    }

    /** Decodes one WebSocket binary frame: always a binary MESSAGE. The array is not copied. */
    public static EnginePacket decodeBinary(byte[] frame) {
        return EnginePacket.binary(Objects.requireNonNull(frame, "frame"));
    }

    /** Joins packets into one polling response body. */
    public static String encodePayload(List<EnginePacket> packets) {
        Objects.requireNonNull(packets, "packets");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            out.append(encode(packets.get(i)));
        }
        return out.toString();
    }

    /**
     * Splits and decodes one polling request body.
     *
     * <p>The packets are counted before anything is decoded, so a body made of a huge number of
     * tiny packets costs one scan and no allocation before it is refused.
     *
     * @param maxPackets the most packets one body may hold (at least 1)
     * @throws EngineParseException TOO_MANY_PACKETS, or the reason of the first bad packet
     */
    public static List<EnginePacket> decodePayload(String payload, int maxPackets) {
        Objects.requireNonNull(payload, "payload");
        if (maxPackets < 1) {
            throw new IllegalArgumentException("maxPackets must be >= 1: " + maxPackets);
        }
        int count = 1;
        for (int i = payload.indexOf(SEPARATOR); i >= 0; i = payload.indexOf(SEPARATOR, i + 1)) {
            if (++count > maxPackets) {
                throw new EngineParseException(Reason.TOO_MANY_PACKETS,
                        "payload holds more than " + maxPackets + " packets");
            }
        }
        List<EnginePacket> packets = new ArrayList<>(count);
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                packets.add(decodeRange(payload, start, payload.length()));
                return packets;
            }
            packets.add(decodeRange(payload, start, end));
            start = end + 1;
        }
    }

    private static EnginePacket decodeRange(String s, int start, int end) {
        if (start >= end) {
            throw new EngineParseException(Reason.EMPTY_PACKET, "empty packet");
        }
        char c = s.charAt(start);
        if (c == BASE64_PREFIX) {
            try {
                return EnginePacket.binary(Base64.getDecoder().decode(withoutLineBreaks(s.substring(start + 1, end))));
            } catch (IllegalArgumentException e) {
                throw new EngineParseException(Reason.BAD_BASE64, "invalid base64 data after 'b'");
            }
        }
        EnginePacketType type = EnginePacketType.fromWireChar(c);
        if (type == null) {
            throw new EngineParseException(Reason.UNKNOWN_TYPE, "unknown packet type " + describe(c));
        }
        return EnginePacket.of(type, s.substring(start + 1, end));
    }

    /**
     * socket.io-client-java 2.x (engine.io-client-java) base64-encodes with Android's default flags:
     * a line feed after every 76 characters and at the end. engine.io-parser decodes with
     * {@code Buffer.from(data, "base64")}, which skips line breaks, so Node accepts such a packet;
     * so do we. Only CR and LF are skipped: any other character outside the alphabet stays an error.
     */
    private static String withoutLineBreaks(String base64) {
        if (base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0) {
            return base64;
        }
        StringBuilder out = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char ch = base64.charAt(i);
            if (ch != '\n' && ch != '\r') {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
    }
}
