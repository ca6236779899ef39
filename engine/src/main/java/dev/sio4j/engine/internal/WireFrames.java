// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Whole server-to-client WebSocket frames (RFC 6455 section 5.2: FIN, opcode, unmasked length,
 * payload), encoded once per broadcast message so that each delivery writes a retained duplicate
 * of the same bytes instead of having Netty's frame encoder allocate and copy a frame per
 * session. The bytes are exactly what {@code WebSocket08FrameEncoder} writes for an unmasked,
 * final, uncompressed text or binary frame; a channel whose frames may be compressed
 * (permessage-deflate) must not take them (see {@link Outbound#wire}).
 *
 * <p>Stateless; thread-safe.
 */
public final class WireFrames {

    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;

    private WireFrames() {
    }

    /** A new buffer holding the frame header and a copy of {@code payload}'s readable bytes; the caller owns it. */
    public static ByteBuf encode(ByteBufAllocator alloc, ByteBuf payload, boolean binary) {
        int length = payload.readableBytes();
        int header = headerLength(length);
        ByteBuf out = alloc.directBuffer(header + length, header + length);
        out.writeByte(FIN | (binary ? BINARY : TEXT));
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
        out.writeBytes(payload, payload.readerIndex(), length);
        return out;
    }

    /** The header length of an unmasked frame with a payload of {@code payloadLength} bytes. */
    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** The header length of the encoded frame {@code frame} (read from its length byte). */
    static int headerLengthOf(ByteBuf frame) {
        int len7 = frame.getByte(frame.readerIndex() + 1) & 0x7F;
        return len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    }
}
