package dev.sio4j.examples.chat.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.Set;

/**
 * Answers requests for the client bundle ({@code /socket.io/socket.io.js} and friends) before
 * they reach the Socket.IO endpoint, as socket.io's own server does: those paths lie under the
 * endpoint's path, which the engine otherwise claims (it would answer 400 "Transport unknown").
 * Every other message passes on untouched.
 *
 * <p>Not sharable: one instance per channel, confined to its event loop.
 */
final class ClientBundleHandler extends ChannelInboundHandlerAdapter {

    private final StaticFiles files;
    private final Set<String> paths;
    /** True while the body of a request answered here is still arriving (and is dropped). */
    private boolean discarding;

    ClientBundleHandler(StaticFiles files, Set<String> paths) {
        this.files = files;
        this.paths = paths;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            discarding = false;
            if (paths.contains(pathOf(req.uri()))) {
                discarding = !(msg instanceof LastHttpContent);
                var full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                        Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
                ReferenceCountUtil.release(msg);
                files.handle(ctx, full);
                return;
            }
        } else if (discarding && msg instanceof HttpContent content) {
            discarding = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static String pathOf(String uri) {
        try {
            return new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return uri; // not ours: the next handler answers the malformed request
        }
    }
}
