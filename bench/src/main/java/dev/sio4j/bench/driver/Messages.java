// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.buffer.ByteBuf;

/**
 * The messages the scenarios send: the chat's {@code message} event whose argument carries its
 * sequence number and the driver's send time, {@code "#<seq>,<nanoTime>,xxx..."}, padded to a
 * size. The server sends it back unchanged (the chat and the Node server broadcast what they got;
 * the floor echoes bytes), so a receiver reads both numbers from the frame in place, without
 * decoding it. The driver's clock is the only clock: latency is the driver's receive time minus
 * its own send time. Stateless; thread-safe.
 */
public final class Messages {

    private static final String PADDING = "x".repeat(1 << 16);

    private Messages() {
    }

    /** {@code 2["message","#seq,nanos,xxx"]} (with {@code /nsp,} after the type outside "/"), the argument padded to {@code size} characters. */
    public static String event(String namespace, long seq, long nanos, int size) {
        String stamp = stamp(seq, nanos);
        int pad = Math.max(0, size - stamp.length());
        return "2" + prefix(namespace) + "[\"message\",\"" + stamp + PADDING.substring(0, Math.min(pad, PADDING.length())) + "\"]";
    }

    /**
     * A BINARY_EVENT with one attachment: {@code 51-["message",{"stamp":"#seq,nanos,","data":<placeholder>}]};
     * the attachment follows as a binary frame.
     */
    public static String binaryEvent(String namespace, long seq, long nanos) {
        return "51-" + prefix(namespace) + "[\"message\",{\"stamp\":\"" + stamp(seq, nanos)
                + "\",\"data\":{\"_placeholder\":true,\"num\":0}}]";
    }

    private static String prefix(String namespace) {
        return "/".equals(namespace) ? "" : namespace + ",";
    }

    static String stamp(long seq, long nanos) {
        return "#" + seq + "," + nanos + ",";
    }

    /** Whether the packet is a BINARY_EVENT (its attachments follow). */
    public static boolean isBinary(ByteBuf packet) {
        return packet.getByte(packet.readerIndex()) == '5';
    }

    /** The sequence number in {@code packet}, or -1 when it carries none. */
    public static long seq(ByteBuf packet) {
        int hash = packet.indexOf(packet.readerIndex(), packet.writerIndex(), (byte) '#');
        return hash < 0 ? -1 : parseLong(packet, hash + 1);
    }

    /** The send time in {@code packet} (call only when {@link #seq} found one). */
    public static long nanos(ByteBuf packet) {
        int hash = packet.indexOf(packet.readerIndex(), packet.writerIndex(), (byte) '#');
        int comma = packet.indexOf(hash, packet.writerIndex(), (byte) ',');
        return parseLong(packet, comma + 1);
    }

    private static long parseLong(ByteBuf buf, int from) {
        long value = 0;
        boolean negative = false;
        int i = from;
        if (i < buf.writerIndex() && buf.getByte(i) == '-') {
            negative = true;
            i++;
        }
        for (; i < buf.writerIndex(); i++) {
            int c = buf.getByte(i) - '0';
            if (c < 0 || c > 9) {
                break;
            }
            value = value * 10 + c;
        }
        return negative ? -value : value;
    }
}
