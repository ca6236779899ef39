// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.RefusalCause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the single response to one HTTP request, from any thread, exactly once. It adds the
 * CORS headers of that request and the extra headers decided at handshake time (cookie, hook),
 * honours keep-alive, and tells the channel's handler when the response is out so the next
 * request on the connection may start. A refusal ({@code refuse...}) is also reported, once, to
 * the server's {@link Refusals} (counter, DEBUG line, connection_error). Thread-safe.
 */
final class HttpResponder {

    /**
     * Called on the channel's event loop once the response is written (or failed), before that
     * loop reads anything more from the connection.
     */
    interface Done {
        void responded(boolean keepAlive);
    }

    static final String TEXT_PLAIN = "text/plain; charset=UTF-8";

    private final Channel channel;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final String origin;
    private final Cors cors;
    private final Done done;
    private final DefaultEngineRequest request;
    private final Refusals refusals;
    private final AtomicBoolean used = new AtomicBoolean();
    private volatile HttpHeaders extraHeaders;

    /** {@code request} and {@code refusals}: where refusals of this request are reported. */
    HttpResponder(Channel channel, HttpVersion version, boolean keepAlive, String origin, Cors cors, Done done,
            DefaultEngineRequest request, Refusals refusals) {
        this.channel = channel;
        this.version = version;
        this.keepAlive = keepAlive;
        this.origin = origin;
        this.cors = cors;
        this.done = done;
        this.request = request;
        this.refusals = refusals;
    }

    Channel channel() {
        return channel;
    }

    /** Headers to add to the response (set before responding; the handshake's Set-Cookie). */
    void extraHeaders(HttpHeaders headers) {
        this.extraHeaders = headers;
    }

    boolean responded() {
        return used.get();
    }

    /** 200 {@code text/plain; charset=UTF-8}: a polling payload. */
    boolean payload(String body) {
        return send(HttpResponseStatus.OK, TEXT_PLAIN, body, false);
    }

    /** 200 "ok" as {@code text/html}, engine.io's answer to a POST. */
    boolean ok() {
        return send(HttpResponseStatus.OK, "text/html", "ok", false);
    }

    /**
     * Refuses with engine.io's JSON error body {@code {"code","message"}} and the error's status
     * (400, 403; {@code status} overrides it when positive, e.g. 429); {@code message} replaces the
     * error's own when non-empty.
     */
    boolean refuse(RefusalCause cause, EngineError error, String message, int status, Map<String, String> context) {
        if (!used.compareAndSet(false, true)) {
            return false;
        }
        String text = message == null || message.isEmpty() ? error.message() : message;
        int code = status > 0 ? status : error.httpStatus();
        String id = refusals.http(request, cause, code, error.code(), text, context).id();
        write(HttpResponseStatus.valueOf(code), "application/json", error.json(text, handshake(error) ? id : null), false);
        return true;
    }

    /**
     * Whether the request opens a session (no {@code sid}): its refusal body carries the
     * refusal's id (also in the connection_error and the log line), so that a client that could
     * not connect can quote it. A request of a session keeps engine.io's body exactly:
     * engine.io-client's own suite compares the unknown-sid body as a whole.
     */
    private boolean handshake(EngineError error) {
        return error != EngineError.UNKNOWN_SID && request != null && request.queryParam("sid") == null;
    }

    /**
     * Refuses with {@code error}'s status and body, {@code name} saying why in the connection
     * error's context; see {@link #refuse(RefusalCause, EngineError, String, int, Map)}.
     */
    boolean refuse(RefusalCause cause, EngineError error, String name) {
        return refuse(cause, error, null, 0, Map.of("name", name));
    }

    /**
     * Refuses with a bodyless status (400 on an overlapping poll, 413); {@code close} ends the
     * connection afterwards.
     */
    boolean refuseStatus(RefusalCause cause, HttpResponseStatus status, boolean close, String name) {
        if (!used.compareAndSet(false, true)) {
            return false;
        }
        refusals.http(request, cause, status.code(), EngineError.BAD_REQUEST.code(), status.reasonPhrase(),
                Map.of("name", name));
        write(status, null, null, close);
        return true;
    }

    /**
     * Refuses a WebSocket upgrade: a text/html answer ({@code body}) that closes the connection,
     * as ws answers; {@code code} is the engine.io code the event reports.
     */
    boolean refuseUpgrade(RefusalCause cause, int status, int code, String body, Map<String, String> context) {
        if (!used.compareAndSet(false, true)) {
            return false;
        }
        refusals.http(request, cause, status, code, body, context);
        HttpHeaders extra = extraHeaders;
        plain(channel, version, status, body, extra == null ? HttpHeaders.EMPTY_HEADERS : extra);
        return true;
    }

    /** 204 to a CORS preflight, with the preflight headers instead of the simple ones. */
    boolean preflight(HttpHeaders requestHeaders) {
        if (!used.compareAndSet(false, true)) {
            return false;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        cors.applyPreflight(origin, requestHeaders, res.headers());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(res, keepAlive);
        return true;
    }

    boolean send(HttpResponseStatus status, String contentType, String body, boolean close) {
        if (!used.compareAndSet(false, true)) {
            return false;
        }
        write(status, contentType, body, close);
        return true;
    }

    private void write(HttpResponseStatus status, String contentType, String body, boolean close) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(channel.alloc(), body);
        FullHttpResponse res = new DefaultFullHttpResponse(version, status, content);
        HttpHeaders h = res.headers();
        if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        cors.applySimple(origin, h);
        HttpHeaders extra = extraHeaders;
        if (extra != null) {
            h.add(extra);
        }
        boolean keep = keepAlive && !close;
        if (!keep) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        write(res, keep);
    }

    private void write(FullHttpResponse res, boolean keep) {
        if (!keep) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        // The listener goes on the promise before the write. Added afterwards from another thread
        // (a session on another loop), it could find the write already complete, and Netty would
        // then run it as a later task on the channel's loop: after the read of the client's next
        // request on this keep-alive connection, which would be refused as pipelined.
        ChannelPromise promise = channel.newPromise();
        promise.addListener((ChannelFutureListener) f -> {
            done.responded(keep && f.isSuccess());
            if (!keep || !f.isSuccess()) {
                f.channel().close();
            }
        });
        channel.writeAndFlush(res, promise);
    }

    /** A standalone text/html answer that closes the connection (refused upgrades, bad requests). */
    static void plain(Channel channel, HttpVersion version, int status, String body) {
        plain(channel, version, status, body, HttpHeaders.EMPTY_HEADERS);
    }

    private static void plain(Channel channel, HttpVersion version, int status, String body, HttpHeaders extra) {
        ByteBuf content = ByteBufUtil.writeUtf8(channel.alloc(), body);
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), content);
        res.headers().add(extra);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Invites the body of a request that was accepted on its head, as Node's http server does
     * for every {@code Expect: 100-continue}. An interim response: the request stays in progress.
     */
    static void sendContinue(ChannelHandlerContext ctx, HttpVersion version) {
        ctx.writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
}
