// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.protocol.engineio.EngineCodec;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One packet waiting in a session's outbound queue, in a form either transport can write: a
 * plain {@link EnginePacket}, or a pre-encoded WebSocket frame payload taken from an
 * {@code EngineMessage} (a retained duplicate this item owns until written or released).
 * Confined to the session's event loop once queued.
 */
final class Outbound {

    private final EnginePacket packet;
    private ByteBuf frame;
    private final boolean binaryFrame;
    // > 0: frame holds a whole WebSocket frame (see WireFrames) whose payload starts here.
    private final int headerLength;
    private final String pollingText;
    private final long size;

    private Outbound(EnginePacket packet, ByteBuf frame, boolean binaryFrame, int headerLength, String pollingText) {
        this.packet = packet;
        this.frame = frame;
        this.binaryFrame = binaryFrame;
        this.headerLength = headerLength;
        this.pollingText = pollingText;
        this.size = packet == null ? frame.readableBytes() - headerLength
                : packet.isBinary() ? packet.binary().length + 1L : packet.text().length() + 1L;
    }

    /**
     * What this packet counts against the byte cap of the outbound queue: the frame payload of a
     * prepared message, the characters (or bytes) of a plain one plus its type. Fixed at creation.
     */
    long size() {
        return size;
    }

    /** The Engine.IO packet type: a prepared frame is always a MESSAGE. */
    EnginePacketType type() {
        return packet == null ? EnginePacketType.MESSAGE : packet.type();
    }

    static Outbound of(EnginePacket packet) {
        return new Outbound(packet, null, false, 0, null);
    }

    /** A prepared frame; {@code pollingText} may be null (then derived from the bytes if needed). */
    static Outbound prepared(ByteBuf frame, boolean binary, String pollingText) {
        return new Outbound(null, frame, binary, 0, pollingText);
    }

    /**
     * A whole, ready WebSocket frame from {@link WireFrames} (a retained duplicate this item owns),
     * written to the channel as it is, past Netty's frame encoder. Only for a channel on which no
     * frame is ever compressed (no permessage-deflate): the encoder is what would compress it.
     */
    static Outbound wire(ByteBuf wireFrame, boolean binary) {
        return new Outbound(null, wireFrame, binary, WireFrames.headerLengthOf(wireFrame), null);
    }

    /** Whether this is a ready WebSocket frame, written with {@link #takeWireFrame}. */
    boolean isWireFrame() {
        return headerLength > 0;
    }

    /** The ready WebSocket frame; ownership passes to the caller. */
    ByteBuf takeWireFrame() {
        ByteBuf b = frame;
        frame = null;
        return b;
    }

    /** The payload of a prepared frame, without any WebSocket header (a view, not retained). */
    private ByteBuf payload() {
        return headerLength == 0 ? frame : frame.slice(frame.readerIndex() + headerLength, (int) size);
    }

    /** The element of a polling payload; releases the prepared buffer, if any. */
    String toPollingText() {
        try {
            if (packet != null) {
                return EngineCodec.encode(packet);
            }
            if (pollingText != null) {
                return pollingText;
            }
            if (binaryFrame) {
                return "b" + Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(payload()));
            }
            return payload().toString(StandardCharsets.UTF_8);
        } finally {
            release();
        }
    }

    /** The WebSocket frame; ownership of any prepared buffer passes to the frame. */
    WebSocketFrame toWebSocketFrame() {
        if (packet != null) {
            if (packet.isBinary()) {
                return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet.binary()));
            }
            return new TextWebSocketFrame(EngineCodec.encode(packet));
        }
        ByteBuf b = frame;
        frame = null;
        if (headerLength > 0) {
            // Not expected (a ready frame is written as it is), but keep the contract: the payload.
            ByteBuf payload = b.retainedSlice(b.readerIndex() + headerLength, (int) size);
            b.release();
            b = payload;
        }
        return binaryFrame ? new BinaryWebSocketFrame(b) : new TextWebSocketFrame(b);
    }

    void release() {
        if (frame != null) {
            ByteBuf b = frame;
            frame = null;
            b.release();
        }
    }
}
