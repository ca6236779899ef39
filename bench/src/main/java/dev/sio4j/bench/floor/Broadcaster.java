// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.floor;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends every WebSocket message to every open connection. Connections are kept per event loop,
 * and a broadcast is one task per loop that writes to that loop's connections (as a Socket.IO
 * server hops to each session's loop); with coalescing, the loop then flushes each of its
 * connections once after every write queued in the meantime, otherwise each write is flushed.
 *
 * <p>Each loop's list is touched only on that loop; the map of loops is built once.
 */
final class Broadcaster {

    private final Map<EventExecutor, Loop> loops = new IdentityHashMap<>();
    private final boolean coalesce;

    Broadcaster(EventLoopGroup group, boolean coalesce) {
        this.coalesce = coalesce;
        for (EventExecutor executor : group) {
            loops.put(executor, new Loop(executor));
        }
    }

    ChannelHandler newHandler() {
        return new Handler();
    }

    private void broadcast(WebSocketFrame frame) {
        boolean text = frame instanceof TextWebSocketFrame;
        for (Loop loop : loops.values()) {
            var content = frame.content().retainedDuplicate();
            loop.executor.execute(() -> {
                try {
                    loop.send(text, content);
                } finally {
                    content.release();
                }
            });
        }
    }

    /** One event loop's connections and whether a flush of them is already queued. */
    private final class Loop {
        private final EventExecutor executor;
        private final List<Channel> channels = new ArrayList<>();
        private boolean flushQueued;

        Loop(EventExecutor executor) {
            this.executor = executor;
        }

        void send(boolean text, io.netty.buffer.ByteBuf content) {
            for (Channel ch : channels) {
                var dup = content.retainedDuplicate();
                WebSocketFrame out = text ? new TextWebSocketFrame(dup) : new BinaryWebSocketFrame(dup);
                if (coalesce) {
                    ch.write(out, ch.voidPromise());
                } else {
                    ch.writeAndFlush(out, ch.voidPromise());
                }
            }
            if (coalesce && !flushQueued) {
                flushQueued = true;
                executor.execute(this::flushAll);
            }
        }

        private void flushAll() {
            flushQueued = false;
            for (Channel ch : channels) {
                ch.flush();
            }
        }
    }

    /** Per connection: joins its loop's list once upgraded, leaves it when closed. */
    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private boolean joined;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                loops.get(ctx.channel().eventLoop()).channels.add(ctx.channel());
                joined = true;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (joined) {
                loops.get(ctx.channel().eventLoop()).channels.remove(ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                broadcast(frame);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
