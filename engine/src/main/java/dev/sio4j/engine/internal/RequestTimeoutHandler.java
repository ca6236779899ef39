// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection that does not deliver a complete request in time (slowloris: headers
 * or body trickling in; a WebSocket handshake never finished) or that sits idle between
 * requests. Armed when the connection opens and after each response; disarmed while a complete
 * request is being answered (a long-poll may legitimately wait for pingInterval), unless it was
 * answered already. Removed when the connection becomes a WebSocket. Confined to its channel's
 * event loop.
 */
final class RequestTimeoutHandler extends ChannelDuplexHandler {

    static final String NAME = "eio-request-timeout";

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;
    // Between a request's head and the end of its body.
    private boolean inRequest;
    // The request in progress was answered before its body ended.
    private boolean answered;

    RequestTimeoutHandler(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inRequest = true;
            answered = false;
        }
        if (msg instanceof LastHttpContent) {
            inRequest = false;
            if (answered) {
                // Answered before its body was in (a POST refused on its head): the connection
                // is idle from now on, and idleness is bounded too.
                arm(ctx);
            } else {
                disarm();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            arm(ctx);
            // A 100 Continue only invites the body; the request is still to be answered.
            boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            answered |= inRequest && !interim;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
