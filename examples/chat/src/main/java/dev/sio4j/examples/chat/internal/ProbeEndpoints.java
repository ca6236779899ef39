// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import dev.sio4j.engine.HttpFallback;
import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The chat's probes for an orchestrator or a load balancer, in front of the other HTTP
 * requests: {@code GET /health} (liveness: 200 while the process serves HTTP) and
 * {@code GET /ready} (readiness: 200 while new sessions are accepted and, in a cluster, the
 * adapter's connection is up; 503 with the reason otherwise, e.g. during a drain). Each one can
 * be off, and then that path goes to the next fallback (404 there). Both are cheap: no I/O, a
 * few field reads.
 *
 * <p>Immutable and thread-safe; runs on the connection's event loop and never blocks.
 */
public final class ProbeEndpoints implements HttpFallback {

    /** The liveness path. */
    public static final String HEALTH = "/health";
    /** The readiness path. */
    public static final String READY = "/ready";

    private final HttpFallback next;
    private final boolean health;
    private final boolean ready;
    private final Supplier<String> notReadyReason;

    /**
     * {@code notReadyReason}: null when ready, else why not (one short line); asked on every
     * {@code /ready}, on an event loop, so it must be cheap and never block.
     */
    public ProbeEndpoints(HttpFallback next, boolean health, boolean ready, Supplier<String> notReadyReason) {
        this.next = Objects.requireNonNull(next, "next");
        this.health = health;
        this.ready = ready;
        this.notReadyReason = Objects.requireNonNull(notReadyReason, "notReadyReason");
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            next.handle(ctx, request);
            return;
        }
        boolean isHealth = health && path.equals(HEALTH);
        boolean isReady = ready && path.equals(READY);
        if (!isHealth && !isReady) {
            next.handle(ctx, request);
            return;
        }
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        FullHttpResponse response;
        if (!head && !HttpMethod.GET.equals(method)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n", false);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else if (isHealth) {
            response = text(HttpResponseStatus.OK, "ok\n", head);
        } else {
            String reason = notReadyReason.get();
            response = reason == null ? text(HttpResponseStatus.OK, "ready\n", head)
                    : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + reason + "\n", head);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store") // a probe must never see a cached answer
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }
}
