// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.HttpFallback;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the HTTP requests of one connection: Engine.IO requests under the path (handshake,
 * polling GET/POST, WebSocket upgrade, CORS preflight), others, and with a fallback configured
 * the client files under the path ({@link ClientFiles}), to the fallback (standalone) or down
 * the user's pipeline (attached); a polling POST's body goes to {@link PollingPostBody}. One
 * request at a time per connection (HTTP pipelining is refused). Confined to its channel's
 * event loop.
 */
final class EngineHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(EngineHttpHandler.class);

    private enum Body { NONE, DISCARD, PASS, FALLBACK, POST }

    private final RealEngineServer server;
    private final EngineOptions options;
    private final boolean attached;
    private final PollingPostBody post;
    private final BodyBuffer fallbackBody;
    private Body body = Body.NONE;
    private boolean busy;
    private HttpResponder getInFlight;
    private Session getSession;
    private HttpRequest fallbackRequest;

    EngineHttpHandler(RealEngineServer server, boolean attached) {
        this.server = server;
        this.options = server.options();
        this.attached = attached;
        this.post = new PollingPostBody(options);
        this.fallbackBody = new BodyBuffer(options.maxHttpBufferSize());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean passed = false;
        try {
            if (msg instanceof HttpRequest req) {
                passed = onRequest(ctx, req);
            }
            if (!passed && msg instanceof HttpContent c) {
                passed = onContent(ctx, c);
            } else if (!passed && !(msg instanceof HttpRequest)) {
                ctx.fireChannelRead(msg);
                passed = true;
            }
        } catch (RuntimeException e) {
            log.debug("engine request failed", e);
            post.abandon();
            fallbackBody.release();
            body = Body.DISCARD;
            HttpResponder.plain(ctx.channel(), HttpVersion.HTTP_1_1, 500, "Internal Server Error");
        } finally {
            if (!passed) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Handles a request head; true when {@code msg} was passed on (ownership transferred). */
    private boolean onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            int status = cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongFrameException ? 413 : 400;
            refuseRaw(ctx, req, HttpVersion.HTTP_1_1, status, "Bad Request", "MALFORMED_REQUEST");
            return false;
        }
        if (busy || body != Body.NONE) {
            refuseRaw(ctx, req, req.protocolVersion(), 400, "Bad Request", "PIPELINED_REQUEST");
            return false;
        }
        if (req.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            refuseRaw(ctx, req, req.protocolVersion(), 400, "Bad Request", "CONTENT_LENGTH_AND_CHUNKED");
            return false;
        }
        boolean forEngine = req.uri().startsWith(options.path()) && !servedByFallback(req);
        // Attached, other requests are the user's pipeline's to judge.
        if (req.headers().size() > options.maxHeaderCount() && (forEngine || !attached)) {
            refuseRaw(ctx, req, req.protocolVersion(), 431, "Request Header Fields Too Large", "TOO_MANY_HEADERS");
            return false;
        }
        if (!forEngine) {
            if (attached) {
                body = req instanceof LastHttpContent ? Body.NONE : Body.PASS;
                ctx.fireChannelRead(req);
                return true;
            }
            startFallback(ctx, req);
            return false;
        }
        busy = true;
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        boolean upgrade = isWebSocketUpgrade(req);
        DefaultEngineRequest engineRequest = DefaultEngineRequest.of(req, ctx.channel().remoteAddress(),
                ctx.pipeline().get(SslHandler.class) != null, options.trustedProxies());
        // An upgrade's connection never serves another HTTP request: what follows its head is
        // WebSocket bytes, so every answer but the 101 ends the connection.
        HttpResponder responder = new HttpResponder(ctx.channel(), req.protocolVersion(),
                !upgrade && HttpUtil.isKeepAlive(req), origin, server.cors(), keep -> responded(),
                engineRequest, server.refusals());
        body = Body.DISCARD;
        if (HttpMethod.OPTIONS.equals(req.method()) && server.cors().enabled()) {
            responder.preflight(req.headers());
            return false;
        }
        PendingUpgradeBytes pending = upgrade
                ? PendingUpgradeBytes.hold(ctx.pipeline(), options.maxHttpBufferSize()) : null;
        RequestVerifier.Result r = server.verifier().verify(req.method(), engineRequest.query(), origin, upgrade);
        if (!r.ok()) {
            if (r.error() == EngineError.UNKNOWN_SID && server.isDraining()) {
                // A draining node holds none of the sessions that are moving away: 503 lets a
                // balancer retry the request on another node; a client sees an error either way.
                refuseDraining(responder, upgrade);
                return false;
            }
            refuse(responder, upgrade, RefusalCause.BAD_REQUEST, r.error(), null, Map.of("name", r.detail()));
            return false;
        }
        String originRefusal = server.originCheck().refusal(origin, engineRequest.secure(), engineRequest.host());
        if (originRefusal != null) {
            refuse(responder, upgrade, RefusalCause.ORIGIN, EngineError.FORBIDDEN, null, origin == null
                    ? Map.of("name", originRefusal) : Map.of("name", originRefusal, "origin", origin));
            return false;
        }
        if (r.handshake()) {
            server.handshakes().begin(ctx, req, engineRequest, r.transport(), responder, pending);
        } else if (r.transport() == Transport.WEBSOCKET) {
            server.handshakes().upgradeExisting(ctx, req, r.session(), responder, pending);
        } else if (HttpMethod.GET.equals(req.method())) {
            Session s = r.session();
            getSession = s;
            getInFlight = responder;
            s.onLoop(() -> PollingRequests.onGet(s, responder));
        } else if (HttpMethod.POST.equals(req.method())) {
            if (post.start(ctx, req, r.session(), responder)) {
                body = Body.POST;
            }
        } else {
            responder.refuse(RefusalCause.BAD_REQUEST, EngineError.BAD_REQUEST, "BAD_METHOD");
        }
        return false;
    }

    /** Refuses a request that is not an Engine.IO request (yet) with a plain answer that closes the connection. */
    private void refuseRaw(ChannelHandlerContext ctx, HttpRequest req, HttpVersion version, int status, String text,
            String name) {
        body = Body.DISCARD;
        server.refusals().raw(req, ctx.channel().remoteAddress(), RefusalCause.BAD_REQUEST, status, text,
                Map.of("name", name));
        HttpResponder.plain(ctx.channel(), version, status, text);
    }

    /**
     * A client-file request under the path (socket.io's {@code serveClient}) when a fallback is
     * there to answer it; without one it stays Engine.IO's, as with {@code serveClient(false)}.
     */
    private boolean servedByFallback(HttpRequest req) {
        return options.httpFallback() != null && ClientFiles.requested(req, options.path());
    }

    /**
     * Only a {@code websocket} upgrade is an upgrade. Other offers, such as the {@code h2c} that
     * the JDK's default HttpClient adds to cleartext requests, are ignored and the request is
     * answered in HTTP/1.1, as Node's http server (and so engine.io) does.
     */
    static boolean isWebSocketUpgrade(HttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void startFallback(ChannelHandlerContext ctx, HttpRequest req) {
        HttpFallback fallback = options.httpFallback();
        if (fallback == null) {
            body = Body.DISCARD;
            HttpResponder.plain(ctx.channel(), req.protocolVersion(), 404, "Not Found");
            return;
        }
        if (HttpUtil.getContentLength(req, -1L) > options.maxHttpBufferSize()) {
            refuseRaw(ctx, req, req.protocolVersion(), 413, "Payload Too Large", "PAYLOAD_TOO_LARGE");
            return;
        }
        body = Body.FALLBACK;
        fallbackRequest = req;
        if (HttpUtil.is100ContinueExpected(req)) {
            HttpResponder.sendContinue(ctx, req.protocolVersion());
        }
    }

    /** Handles body content; true when it was passed on. */
    private boolean onContent(ChannelHandlerContext ctx, HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        switch (body) {
            case PASS -> {
                if (last) {
                    body = Body.NONE;
                }
                ctx.fireChannelRead(c);
                return true;
            }
            case POST -> body = post.content(ctx, c, last) ? Body.POST : last ? Body.NONE : Body.DISCARD;
            case FALLBACK -> onFallbackContent(ctx, c, last);
            default -> {
                if (last && body == Body.DISCARD) {
                    body = Body.NONE;
                }
            }
        }
        return false;
    }

    private void onFallbackContent(ChannelHandlerContext ctx, HttpContent c, boolean last) {
        HttpRequest req = fallbackRequest;
        if (!fallbackBody.add(ctx.alloc(), c)) {
            fallbackBody.release();
            refuseRaw(ctx, req, req.protocolVersion(), 413, "Payload Too Large", "PAYLOAD_TOO_LARGE");
            body = last ? Body.NONE : Body.DISCARD;
            return;
        }
        if (last) {
            body = Body.NONE;
            fallbackRequest = null;
            DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                    fallbackBody.take(ctx.alloc()), req.headers(), ((LastHttpContent) c).trailingHeaders());
            options.httpFallback().handle(ctx, full);
        }
    }

    /**
     * Answers a refused Engine.IO request: engine.io's JSON body on polling (400, 403), a plain
     * 400 on an upgrade as ws answers; {@code status} overrides both when positive (429).
     */
    static void refuse(HttpResponder responder, boolean upgrade, RefusalCause cause, EngineError error, String message,
            int status, Map<String, String> context) {
        if (upgrade) {
            responder.refuseUpgrade(cause, status > 0 ? status : 400, error.code(),
                    message == null || message.isEmpty() ? error.message() : message, context);
        } else {
            responder.refuse(cause, error, message, status, context);
        }
    }

    /**
     * 503 from a draining server: to a handshake, and to any request of a session that is not
     * (or no longer) here, among them the last poll of a session the drain ended. A load balancer
     * takes 503 as "try another node"; every client takes it as a transport error and reconnects.
     */
    static void refuseDraining(HttpResponder responder, boolean upgrade) {
        refuse(responder, upgrade, RefusalCause.UNAVAILABLE, EngineError.UNKNOWN_SID, "Server is draining", 503,
                Map.of("name", "SERVER_DRAINING"));
    }

    private static void refuse(HttpResponder responder, boolean upgrade, RefusalCause cause, EngineError error,
            String message, Map<String, String> context) {
        refuse(responder, upgrade, cause, error, message, 0, context);
    }

    private void responded() {
        busy = false;
        getInFlight = null;
        getSession = null;
        post.answered();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fallbackBody.release();
        HttpResponder get = getInFlight;
        Session s = getSession;
        if (get != null && s != null && !get.responded()) {
            s.onLoop(() -> PollingRequests.onGetAborted(s, get));
        }
        post.connectionLost();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        post.release();
        fallbackBody.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed", cause);
        ctx.close();
    }
}
