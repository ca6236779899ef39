// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes every driver connection reads and writes at the TCP level (HTTP and WebSocket
 * framing included), for the "bytes on the wire per message" of the transports. Shared by all
 * channels of a driver; thread-safe.
 */
@ChannelHandler.Sharable
public final class WireBytes extends ChannelDuplexHandler {

    private final LongAdder read = new LongAdder();
    private final LongAdder written = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            read.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            written.add(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }

    /** Bytes read from the server so far. */
    public long read() {
        return read.sum();
    }

    /** Bytes written to the server so far. */
    public long written() {
        return written.sum();
    }
}
