// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of a standalone connection: [TLS], HTTP codec with size limits and strict
 * parsing, [gzip/deflate for polling responses], request timeout, [permessage-deflate
 * negotiation], then the Engine.IO HTTP handler. Stateless; thread-safe.
 */
final class EngineChannelInitializer extends ChannelInitializer<Channel> {

    private final RealEngineServer server;

    EngineChannelInitializer(RealEngineServer server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        EngineOptions o = server.options();
        ChannelPipeline p = ch.pipeline();
        SslContext tls = server.sslContext();
        if (tls != null) {
            p.addLast("ssl", Tls.newHandler(tls, ch.alloc()));
        }
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(o.maxInitialLineLength())
                .setMaxHeaderSize(o.maxHeaderSize())
                .setMaxChunkSize(16 * 1024)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false);
        p.addLast("http", new HttpServerCodec(decoder));
        if (o.httpCompression()) {
            p.addLast("http-compression", new HttpContentCompressor(o.httpCompressionThreshold(),
                    StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()));
        }
        p.addLast(RequestTimeoutHandler.NAME, new RequestTimeoutHandler(o.requestTimeout().toMillis()));
        if (o.perMessageDeflate()) {
            // 6 = zlib's default level; the last argument caps inflated bytes per message (zip bombs: 1009).
            int threshold = o.perMessageDeflateThreshold();
            WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
                @Override
                public WebSocketExtensionFilter encoderFilter() {
                    return frame -> frame.content().readableBytes() < threshold;
                }

                @Override
                public WebSocketExtensionFilter decoderFilter() {
                    return WebSocketExtensionFilter.NEVER_SKIP;
                }
            };
            p.addLast("ws-deflate", new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                    6, false, 15, false, false, filters, o.maxHttpBufferSize())));
        }
        p.addLast("engine", new EngineHttpHandler(server, false));
    }
}
