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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the chat's page and the client bundle for every HTTP request the Socket.IO endpoint
 * does not handle. Only the fixed set of paths loaded by {@link ChatResources} exists (nothing is
 * read from disk per request, so no path can escape it); GET and HEAD only; {@code If-None-Match}
 * answers 304; gzip when the client accepts it.
 *
 * <p>Immutable and thread-safe; runs on the connection's event loop and never blocks.
 */
public final class StaticFiles implements HttpFallback {

    private final Map<String, StaticResource> files;

    public StaticFiles(Map<String, StaticResource> files) {
        this.files = Map.copyOf(Objects.requireNonNull(files, "files"));
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            response = respond(request);
        } finally {
            request.release();
        }
        write(ctx, request, response);
    }

    /** The decoded path of {@code request}'s target, or {@code ""} when it does not decode. */
    static String pathOf(io.netty.handler.codec.http.HttpRequest request) {
        try {
            return new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The response for {@code request}, without writing it (the caller still owns the request). */
    FullHttpResponse respond(FullHttpRequest request) {
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return text(HttpResponseStatus.BAD_REQUEST, "Bad Request\n");
        }
        StaticResource file = files.get(path);
        if (file == null) {
            return text(HttpResponseStatus.NOT_FOUND, "Not Found\n");
        }
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), file.etag())) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            res.headers().set(HttpHeaderNames.ETAG, file.etag()).set(HttpHeaderNames.CACHE_CONTROL, file.cacheControl());
            return res;
        }
        boolean gzip = file.gzipped() != null && acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = gzip ? file.gzipped() : file.bytes();
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.ETAG, file.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, file.cacheControl())
                .set("X-Content-Type-Options", "nosniff");
        if (file.gzipped() != null) {
            h.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (gzip) {
            h.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        file.headers().forEach(h::set);
        return res;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && response.status().code() != 304) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }

    /** Whether an If-None-Match value names {@code etag}, strongly or weakly (as the Node server accepts). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",", 64)) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an Accept-Encoding value allows gzip (a q-value of 0 refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",", 64)) {
            String[] pieces = part.split(";", 8);
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                return true;
            }
        }
        return false;
    }
}
