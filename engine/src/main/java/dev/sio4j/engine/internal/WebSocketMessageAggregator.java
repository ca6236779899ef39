// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Joins a fragmented WebSocket message into one frame, with two caps: the total payload
 * (maxHttpBufferSize) and the number of fragments. Over either cap it drops what it holds and
 * reports a {@code CorruptedWebSocketFrameException} (1009) down the pipeline, whose last
 * handler closes the connection; later frames are released unread. The frame decoder in front already rejects continuation
 * frames out of sequence. Confined to its channel's event loop.
 */
final class WebSocketMessageAggregator extends ChannelInboundHandlerAdapter {

    private final int maxBytes;
    private final int maxFragments;
    private CompositeByteBuf parts;
    private boolean text;
    private int fragments;
    private boolean failed;

    WebSocketMessageAggregator(int maxBytes, int maxFragments) {
        this.maxBytes = maxBytes;
        this.maxFragments = maxFragments;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed && msg instanceof WebSocketFrame f) {
            f.release();
            return;
        }
        if ((msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)
                && !((WebSocketFrame) msg).isFinalFragment()) {
            WebSocketFrame first = (WebSocketFrame) msg;
            releaseParts();
            text = first instanceof TextWebSocketFrame;
            fragments = 1;
            parts = ctx.alloc().compositeBuffer(Math.min(maxFragments, 1024));
            parts.addComponent(true, first.content().retain());
            first.release();
            checkLimits(ctx);
            return;
        }
        if (msg instanceof ContinuationWebSocketFrame cont) {
            if (parts == null) {
                cont.release();
                fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR);
                return;
            }
            fragments++;
            parts.addComponent(true, cont.content().retain());
            boolean last = cont.isFinalFragment();
            cont.release();
            if (!checkLimits(ctx) || !last) {
                return;
            }
            CompositeByteBuf whole = parts;
            parts = null;
            ctx.fireChannelRead(text ? new TextWebSocketFrame(true, 0, whole) : new BinaryWebSocketFrame(true, 0, whole));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean checkLimits(ChannelHandlerContext ctx) {
        if (parts.readableBytes() > maxBytes || fragments > maxFragments) {
            fail(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG);
            return false;
        }
        return true;
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        failed = true;
        releaseParts();
        // The frame handler behind us sends the Close frame and records the session's reason.
        ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(status,
                status == WebSocketCloseStatus.MESSAGE_TOO_BIG ? "message too big" : "continuation without a start"));
    }

    private void releaseParts() {
        if (parts != null) {
            parts.release();
            parts = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseParts();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseParts();
        ctx.fireChannelInactive();
    }
}
