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
    private final String pollingText;
    private final long size;

    private Outbound(EnginePacket packet, ByteBuf frame, boolean binaryFrame, String pollingText) {
        this.packet = packet;
        this.frame = frame;
        this.binaryFrame = binaryFrame;
        this.pollingText = pollingText;
        this.size = packet == null ? frame.readableBytes()
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
        return new Outbound(packet, null, false, null);
    }

    /** A prepared frame; {@code pollingText} may be null (then derived from the bytes if needed). */
    static Outbound prepared(ByteBuf frame, boolean binary, String pollingText) {
        return new Outbound(null, frame, binary, pollingText);
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
                return "b" + Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(frame));
            }
            return frame.toString(StandardCharsets.UTF_8);
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
