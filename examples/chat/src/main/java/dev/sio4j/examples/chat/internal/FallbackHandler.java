package dev.sio4j.examples.chat.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: hands the (aggregated) requests the Socket.IO endpoint passed on to
 * {@link StaticFiles}, and closes a connection whose handling failed.
 *
 * <p>Not sharable: one instance per channel, confined to its event loop.
 */
final class FallbackHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(FallbackHandler.class);

    private final StaticFiles files;

    FallbackHandler(StaticFiles files) {
        super(false); // StaticFiles releases the request
        this.files = files;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        files.handle(ctx, request);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            log.debug("closing a connection after an error", cause);
        }
        ctx.close();
    }
}
