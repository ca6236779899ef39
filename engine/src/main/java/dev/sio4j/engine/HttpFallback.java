// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Answers HTTP requests whose path is outside {@link EngineOptions#path()} when the engine runs
 * standalone ({@link EngineServer#listen}); an application serves its page this way. Without a
 * fallback such requests get {@code 404 Not Found}. (When the engine is attached to a user's
 * pipeline, such requests simply continue down that pipeline instead.)
 *
 * <p>The fallback also gets what socket.io 4.8 serves under its path before engine.io sees the
 * request ({@code serveClient}): a GET or HEAD, with any query, for exactly one of the client
 * bundle's files {@code socket.io.js}, {@code socket.io.min.js}, {@code socket.io.esm.min.js},
 * {@code socket.io.msgpack.min.js} and their {@code .map} files directly under the path, e.g.
 * {@code /socket.io/socket.io.min.js?v=4.8.1}. The target is matched as sent, without decoding:
 * any other name under the path ({@code ..} segments, percent-encoding, other methods) stays an
 * Engine.IO request. Without a fallback those names are Engine.IO requests too (400 "Transport
 * unknown"), as with socket.io's {@code serveClient(false)}. A fallback that does not serve the
 * bundle should answer them 404.
 *
 * <p>The request body is aggregated up to {@link EngineOptions#maxHttpBufferSize()} (413 above).
 * Called on the connection's event loop; must not block. The fallback owns {@code request}: it
 * must release it and write exactly one response on {@code ctx} (keep-alive is honoured only if
 * the response says so; write {@code Connection: close} or close the channel otherwise).
 * Implementations must be thread-safe: one instance serves the connections of every event loop.
 *
 * <pre>{@code
 * HttpFallback page = (ctx, req) -> {
 *     req.release();
 *     var res = new DefaultFullHttpResponse(HTTP_1_1, OK, Unpooled.copiedBuffer(html, UTF_8));
 *     res.headers().set(CONTENT_TYPE, "text/html; charset=UTF-8").setInt(CONTENT_LENGTH, res.content().readableBytes());
 *     ctx.writeAndFlush(res);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface HttpFallback {

    /** Answers {@code request}; see the type's Javadoc for ownership and threading. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request);
}
