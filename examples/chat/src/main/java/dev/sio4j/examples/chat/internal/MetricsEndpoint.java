// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import dev.sio4j.engine.HttpFallback;
import dev.sio4j.engine.TrustedProxies;
import dev.sio4j.micrometer.SocketIoMetrics;
import dev.sio4j.server.SocketIoServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The chat's {@code /metrics}: a Prometheus registry with the server's meters
 * ({@link SocketIoMetrics}) and the JVM's, and the {@link HttpFallback} that answers
 * {@code GET /metrics} with its text format for allowed peers (403 for others) and hands every
 * other request to the chat's own fallback. A scrape formats a few hundred lines in memory on
 * the connection's event loop: no I/O, no lock held by the server's hot paths.
 *
 * <p>Thread-safe.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The path served. */
    public static final String PATH = "/metrics";
    /** Prometheus's text exposition format 0.0.4, which every scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TrustedProxies readers;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile SocketIoMetrics server;

    public MetricsEndpoint(TrustedProxies readers) {
        this.readers = readers;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** Records {@code io}'s meters from now on. */
    public void bind(SocketIoServer io) {
        SocketIoMetrics m = new SocketIoMetrics(io);
        m.bindTo(registry);
        server = m;
    }

    /** The registry (for tests and applications that add meters). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code next}, with {@code /metrics} answered first. */
    public HttpFallback wrap(HttpFallback next) {
        return (ctx, request) -> {
            String path = StaticFiles.pathOf(request);
            if (!path.equals(PATH)) {
                next.handle(ctx, request);
                return;
            }
            FullHttpResponse response;
            try {
                response = respond(ctx, request);
            } finally {
                request.release();
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        };
    }

    private FullHttpResponse respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!head && !HttpMethod.GET.equals(request.method())) {
            FullHttpResponse res = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer) || !readers.trusts(peer.getAddress())) {
            return text(ctx, HttpResponseStatus.FORBIDDEN, "Forbidden\n");
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store").set("X-Content-Type-Options", "nosniff");
        return res;
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }

    /** Stops recording and lets go of the JVM's GC notifications. */
    @Override
    public void close() {
        SocketIoMetrics m = server;
        if (m != null) {
            m.close();
        }
        gc.close();
        registry.close();
    }
}
