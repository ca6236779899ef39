// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Keeps sio4j's HTTP responses away from Reactor Netty's {@code HttpTrafficHandler} on a
 * connection the two share. sio4j's handler sits in front of it and consumes the requests under
 * its path, so Reactor Netty never sees them; but the engine writes its responses through the
 * channel, from the tail, and Reactor Netty, seeing a response to no request of its own, takes
 * the connection for a non-persistent one and closes it. Placed behind Reactor Netty's handler,
 * this one counts the requests that did reach WebFlux; a write while none is pending is sio4j's
 * and is sent on from in front of Reactor Netty's handler, and since Reactor Netty reads a
 * connection on demand, the next request is asked for once such a response is complete.
 *
 * <p>One per connection; confined to its event loop. HTTP pipelining of a WebFlux request and a
 * sio4j request on one connection is not supported (browsers and Socket.IO clients do not pipeline).
 */
public final class ReactorNettyWrites extends ChannelDuplexHandler {

    private final String trafficHandler;
    private int webFluxPending;

    /** @param trafficHandler the name of Reactor Netty's traffic handler in the pipeline */
    public ReactorNettyWrites(String trafficHandler) {
        this.trafficHandler = trafficHandler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            webFluxPending++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (webFluxPending > 0) {
            if (msg instanceof LastHttpContent) {
                webFluxPending--;
            }
            ctx.write(msg, promise);
            return;
        }
        ChannelHandlerContext traffic = ctx.pipeline().context(trafficHandler);
        if (traffic == null) {
            ctx.write(msg, promise);
            return;
        }
        traffic.write(msg, promise);
        if (msg instanceof LastHttpContent) {
            // Reactor Netty reads on demand, after each response of its own: ask for the
            // connection's next request once sio4j has answered one.
            traffic.read();
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ChannelHandlerContext traffic = webFluxPending > 0 ? null : ctx.pipeline().context(trafficHandler);
        if (traffic == null) {
            ctx.flush();
        } else {
            traffic.flush();
        }
    }
}
