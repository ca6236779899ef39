// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.RefusalCause;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import java.util.Map;

/**
 * Performs the WebSocket opening handshake on an HTTP connection and replaces the HTTP handlers
 * by the Engine.IO WebSocket handlers. Limits: frame payload and message size
 * maxHttpBufferSize (1009), masked client frames required, RSV bits only with negotiated
 * permessage-deflate, UTF-8 validated (1007), protocol violations close with 1002.
 * Stateless apart from the options; thread-safe.
 */
final class WebSocketUpgrader {

    /** The name of the frame handler this class installs. */
    static final String FRAMES = "eio-ws-frames";

    private final EngineOptions options;
    private final WebSocketDecoderConfig plainConfig;
    private final WebSocketDecoderConfig deflateConfig;

    WebSocketUpgrader(EngineOptions options) {
        this.options = options;
        this.plainConfig = decoderConfig(options, false);
        this.deflateConfig = decoderConfig(options, options.perMessageDeflate());
    }

    private static WebSocketDecoderConfig decoderConfig(EngineOptions options, boolean extensions) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxHttpBufferSize())
                .allowMaskMismatch(false)
                .allowExtensions(extensions)
                // Violations are reported to WebSocketFrameHandler, which sends the Close frame: Netty's
                // decoder would end the TCP connection silently after a bad Close frame (row 41).
                .closeOnProtocolViolation(false)
                .withUTF8Validator(true)
                .build();
    }

    /**
     * RSV bits are legal only where permessage-deflate can be negotiated: the option is on and
     * the client offered it. (A malformed offer that the negotiation turns down still leaves RSV1
     * allowed; such a frame then fails UTF-8 validation or reaches the session as opaque bytes.)
     */
    private WebSocketDecoderConfig configFor(HttpRequest request) {
        String offer = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        return offer != null && offer.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate")
                ? deflateConfig : plainConfig;
    }

    /**
     * RFC 6455 4.1: the key is the base64 form of 16 random bytes, i.e. 22 base64 characters and
     * {@code ==}, sent once. Netty accepts any value (and answers 101 to {@code abc}); ws refuses
     * all but this form with 400, and so does sio4j.
     */
    static boolean isValidKey(List<String> keys) {
        if (keys.size() != 1) {
            return false;
        }
        String key = keys.get(0);
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        return true;
    }

    /**
     * Answers 101 to {@code request} on {@code ctx}'s channel (plus {@code extraHeaders}) and
     * installs the WebSocket handlers, ending with {@code frames}, in place of the handler at
     * {@code ctx}. A request that is not a valid WebSocket handshake gets 400 (a bad key first,
     * as ws checks it; 426 for an unsupported version) and the connection is closed.
     * (permessage-deflate, when enabled, is negotiated by a {@code WebSocketServerExtensionHandler}
     * placed in front of the HTTP handler.)
     *
     * @param refusal answers (and reports) a refusal
     * @return the handshake future, or null when the request was refused
     */
    ChannelFuture upgrade(ChannelHandlerContext ctx, HttpRequest request, HttpHeaders extraHeaders,
            WebSocketFrameHandler frames, HttpResponder refusal) {
        Channel ch = ctx.channel();
        if (!isValidKey(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            refusal.refuseUpgrade(RefusalCause.BAD_REQUEST, 400, EngineError.BAD_REQUEST.code(), "Invalid Sec-WebSocket-Key",
                    Map.of("name", "INVALID_WEBSOCKET_KEY"));
            return null;
        }
        String scheme = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null ? "wss://" : "ws://";
        String url = scheme + request.headers().get("Host", "localhost") + request.uri();
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(url, null, configFor(request));
        // RFC 6455 clients send version 13; older drafts (7, 8) are refused with 426.
        boolean rfc6455 = "13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
        WebSocketServerHandshaker handshaker = rfc6455 ? factory.newHandshaker(request) : null;
        if (handshaker == null) {
            refusal.extraHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13"));
            refusal.refuseUpgrade(RefusalCause.BAD_REQUEST, 426, EngineError.BAD_REQUEST.code(), "Upgrade Required",
                    Map.of("name", "UNSUPPORTED_WEBSOCKET_VERSION"));
            return null;
        }
        // The request's own headers, not a copy: the handshaker only reads them, and a copy of
        // every header entry per upgrade showed in the allocation profile of mass connects.
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers(), HttpHeaders.EMPTY_HEADERS);
        ChannelPipeline p = ctx.pipeline();
        try {
            ChannelFuture f = handshaker.handshake(ch, full, extraHeaders, ch.newPromise());
            p.addBefore(ctx.name(), "eio-ws-utf8", new Utf8FrameValidator(false));
            p.addBefore(ctx.name(), "eio-ws-aggregator",
                    new WebSocketMessageAggregator(options.maxHttpBufferSize(), options.maxWebSocketFragments()));
            p.addBefore(ctx.name(), FRAMES, frames);
            return f;
        } catch (RuntimeException e) {
            // Other headers Netty finds missing or wrong: answer 400 and close, as ws does.
            refusal.refuseUpgrade(RefusalCause.BAD_REQUEST, 400, EngineError.BAD_REQUEST.code(), "Bad Request",
                    Map.of("name", "BAD_WEBSOCKET_HANDSHAKE"));
            return null;
        } finally {
            full.release();
        }
    }
}
