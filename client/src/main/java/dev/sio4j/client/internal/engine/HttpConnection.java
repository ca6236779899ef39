// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection used for one request at a time (the polling GET, or the
 * POST): reconnects when the server closed it. Bodies larger than the configured limit fail the
 * request before they are buffered (the aggregator refuses them).
 *
 * <p>Confined to the session's event loop.
 */
final class HttpConnection {

    /** The outcome of one request: exactly one of the two methods is called, on the event loop. */
    interface ResponseCallback {
        void onResponse(int status, String body);

        void onFailure(Throwable cause);
    }

    private final EngineConfig config;
    private final EventLoop loop;
    private final CookieJar cookies;
    private Channel channel;
    private Channel connecting;
    private ResponseCallback pending;
    private boolean closed;

    /** @param cookies the session's jar ({@code withCredentials}), or null */
    HttpConnection(EngineConfig config, EventLoop loop, CookieJar cookies) {
        this.config = config;
        this.loop = loop;
        this.cookies = cookies;
    }

    /** Sends a request; {@code body} null for a GET. */
    void request(HttpMethod method, String target, String body, ResponseCallback callback) {
        if (closed) {
            callback.onFailure(new IllegalStateException("connection closed"));
            return;
        }
        if (pending != null) {
            callback.onFailure(new IllegalStateException("request already in flight"));
            return;
        }
        pending = callback;
        if (channel != null && channel.isActive()) {
            write(method, target, body);
            return;
        }
        io.netty.channel.ChannelFuture connect = Connector.connect(config, loop, p -> {
            p.addLast("http", new HttpClientCodec());
            p.addLast("aggregate", new HttpObjectAggregator(config.maxIncomingBytes()));
            p.addLast("response", new ResponseHandler());
        });
        connecting = connect.channel();
        connect.addListener(f -> {
            connecting = null;
            if (!f.isSuccess()) {
                complete(null, f.cause());
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            if (closed) {
                ch.close();
                return;
            }
            channel = ch;
            write(method, target, body);
        });
    }

    private void write(HttpMethod method, String target, String body) {
        FullHttpRequest req = body == null
                ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target)
                : new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        req.headers().set(HttpHeaderNames.HOST, config.hostHeader());
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        req.headers().set(HttpHeaderNames.ACCEPT, "*/*");
        config.headers().forEach((name, values) -> req.headers().set(name, values));
        String cookie = cookies == null ? null : cookies.header();
        if (cookie != null) {
            String own = req.headers().get(HttpHeaderNames.COOKIE);
            req.headers().set(HttpHeaderNames.COOKIE, own == null ? cookie : own + "; " + cookie);
        }
        if (body != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
        }
        HttpUtil.setContentLength(req, req.content().readableBytes());
        Channel ch = channel;
        ch.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) {
                complete(null, f.cause());
            }
        });
    }

    private void complete(FullHttpResponse response, Throwable cause) {
        ResponseCallback cb = pending;
        pending = null;
        if (cb == null || closed) {
            return;
        }
        if (response != null) {
            if (cookies != null) {
                cookies.parse(response.headers().getAll(HttpHeaderNames.SET_COOKIE));
            }
            cb.onResponse(response.status().code(), response.content().toString(StandardCharsets.UTF_8));
        } else {
            cb.onFailure(cause);
        }
    }

    /** Closes the connection; an in-flight request is dropped without callback. */
    void close() {
        closed = true;
        pending = null;
        if (connecting != null) {
            connecting.close();   // also gives up a host name lookup still under way
        }
        if (channel != null) {
            channel.close();
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            if (!HttpUtil.isKeepAlive(msg)) {
                ctx.close();
            }
            complete(msg, null);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
                complete(null, new java.io.IOException("connection closed by the server"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            if (ctx.channel() == channel) {
                complete(null, cause);
            }
        }
    }

}
