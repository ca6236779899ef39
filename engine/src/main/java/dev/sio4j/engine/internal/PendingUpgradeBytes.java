// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;

/**
 * Holds the bytes that follow a WebSocket upgrade request until the handshake is decided, then
 * hands them to the WebSocket frame decoder, so that a frame sent in the same TCP write as the
 * request is decoded (and validated) exactly like one read later (SECURITY-CASES row 40, "even
 * inside the upgrade window").
 *
 * <p>Without it such bytes go astray: Netty's HTTP decoder keeps decoding what it has buffered,
 * so while allowRequest decides they are parsed as a second HTTP request (400), and once the
 * handshake removes the codec they are forwarded past the WebSocket decoder that Netty placed in
 * front of it (an invalid frame is then dropped instead of closing with 1002). So on an upgrade
 * request the codec's decoding half is taken out at once (its buffered bytes arrive here), reads
 * are paused, and the bytes wait here. The wait is bounded: no more is read until the decision,
 * and holding more than one largest frame closes the connection (a real client sends nothing
 * before the 101).
 *
 * <p>Lifecycle: {@link #hold} when an upgrade request's head arrives; then either
 * {@link #release} once the WebSocket handlers are in place, or the connection closes (a refused
 * upgrade) and the held bytes are dropped. Other messages pass through. Confined to its channel's
 * event loop.
 */
final class PendingUpgradeBytes extends ChannelInboundHandlerAdapter {

    static final String NAME = "eio-ws-pending";
    private static final String REPLAY = "eio-ws-replay";
    /** The longest frame header: 2 bytes, a 64-bit length and the mask. */
    private static final int MAX_FRAME_HEADER = 14;

    private final int maxBytes;
    private ChannelHandlerContext ctx;
    private ByteBuf held;

    private PendingUpgradeBytes(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Stops HTTP decoding on {@code pipeline}'s connection and holds what follows. Call it while
     * handling the upgrade request's head.
     *
     * @param maxFramePayload the largest frame payload the WebSocket will accept
     * @return the holder, or null when the pipeline has no {@code HttpServerCodec} (an attached
     *         pipeline of another shape: its bytes are then left as they were)
     */
    static PendingUpgradeBytes hold(ChannelPipeline pipeline, int maxFramePayload) {
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec == null) {
            return null;
        }
        PendingUpgradeBytes pending = new PendingUpgradeBytes(maxFramePayload + MAX_FRAME_HEADER);
        pipeline.addAfter(codec.name(), NAME, pending);
        pipeline.channel().config().setAutoRead(false);
        // The encoding half stays to write the 101 (or the refusal); the decoder hands its
        // buffered bytes to its successor, this handler, as it goes.
        ((HttpServerCodec) codec.handler()).removeInboundHandler();
        return pending;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg); // the upgrade request's own last content
            return;
        }
        held = held == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, bytes);
        if (held.readableBytes() > maxBytes) {
            dropHeld();
            ctx.close();
        }
    }

    /**
     * The handshake succeeded and the WebSocket decoder is in the pipeline: replays the held
     * bytes into it, removes this handler and resumes reading. Does nothing once the connection
     * has closed.
     */
    void release() {
        if (ctx == null || ctx.isRemoved()) {
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        ByteBuf bytes = held;
        held = null;
        p.remove(this);
        ChannelHandlerContext decoder = p.context(WebSocketFrameDecoder.class);
        if (bytes != null && decoder != null) {
            // The decoder sits in front of where the codec was, so the bytes enter from a
            // handler placed just before it, as if they had just been read.
            p.addBefore(decoder.name(), REPLAY, new ChannelInboundHandlerAdapter());
            p.context(REPLAY).fireChannelRead(bytes).fireChannelReadComplete();
            p.remove(REPLAY);
        } else if (bytes != null) {
            bytes.release();
        }
        p.channel().config().setAutoRead(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld();
    }

    private void dropHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
