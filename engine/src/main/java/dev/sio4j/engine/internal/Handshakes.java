package dev.sio4j.engine.internal;

import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.CookieOptions;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.InitialHeaders;
import dev.sio4j.engine.Transport;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpContentCompressor;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions: runs allowRequest (asynchronously, with reads paused), builds the handshake
 * headers (cookie, initial-headers hook), creates the session on the connection's event loop
 * and answers with the OPEN packet over polling or WebSocket; also starts upgrades of existing
 * polling sessions. Thread-safe: per-request state lives in the closures of each request.
 */
final class Handshakes {

    private static final Logger log = LoggerFactory.getLogger(Handshakes.class);

    private final RealEngineServer server;
    private final EngineOptions options;
    private final WebSocketUpgrader upgrader;
    private final Consumer<EngineSocket> onConnection;

    Handshakes(RealEngineServer server, Consumer<EngineSocket> onConnection) {
        this.server = server;
        this.options = server.options();
        this.upgrader = new WebSocketUpgrader(options);
        this.onConnection = onConnection;
    }

    /**
     * Opens a session for a handshake request. {@code pending} holds the bytes that followed an
     * upgrade request (null for polling); they are replayed once the WebSocket is in place.
     */
    void begin(ChannelHandlerContext ctx, HttpRequest req, DefaultEngineRequest engineRequest, Transport transport,
            HttpResponder responder, EngineHttpHandler http, PendingUpgradeBytes pending) {
        AllowRequest check = options.allowRequest();
        if (check == null) {
            open(ctx, req, engineRequest, transport, responder, pending);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        CompletionStage<AllowRequest.Decision> stage;
        try {
            stage = check.check(engineRequest);
        } catch (RuntimeException e) {
            log.warn("allowRequest threw; refusing the handshake", e);
            stage = java.util.concurrent.CompletableFuture.completedFuture(AllowRequest.Decision.deny(""));
        }
        boolean upgrade = transport == Transport.WEBSOCKET;
        stage.whenComplete((decision, error) -> ctx.executor().execute(() -> {
            if (pending == null) {
                ctx.channel().config().setAutoRead(true); // else reading resumes after the replay
            }
            if (!ctx.channel().isActive() || ctx.isRemoved()) {
                return;
            }
            if (error != null || decision == null || !decision.allowed()) {
                String message = decision == null ? "" : decision.message();
                http.refuseHandshake(ctx, req, responder, upgrade, message);
                return;
            }
            open(ctx, req, engineRequest, transport, responder, pending);
        }));
    }

    private void open(ChannelHandlerContext ctx, HttpRequest req, DefaultEngineRequest engineRequest,
            Transport transport, HttpResponder responder, PendingUpgradeBytes pending) {
        if (server.isClosed()) {
            responder.error(EngineError.BAD_REQUEST, "Server is closing");
            return;
        }
        String sid = server.ids().next();
        Session session = new Session(sid, engineRequest, ctx.channel().eventLoop(), options, server);
        HttpHeaders extra = handshakeHeaders(sid, engineRequest);
        if (transport == Transport.POLLING) {
            PollingTransport polling = new PollingTransport();
            responder.extraHeaders(extra);
            polling.park(responder);
            server.register(session);
            session.start(polling);
            connected(session);
            return;
        }
        WebSocketTransport ws = new WebSocketTransport(ctx.channel(), session);
        ChannelFuture f = upgrader.upgrade(ctx, req, extra, new WebSocketFrameHandler(session, ws));
        if (f == null) {
            return;
        }
        removeHttpHandlers(ctx);
        f.addListener(done -> {
            if (done.isSuccess()) {
                server.register(session);
                session.start(ws);
                connected(session);
                releasePending(pending);
            } else {
                ctx.channel().close();
            }
        });
    }

    /** Starts the upgrade of a polling session; {@code pending} as in {@link #begin}. */
    void upgradeExisting(ChannelHandlerContext ctx, HttpRequest req, Session session, PendingUpgradeBytes pending) {
        WebSocketTransport ws = new WebSocketTransport(ctx.channel(), session);
        ChannelFuture f = upgrader.upgrade(ctx, req, HttpHeaders.EMPTY_HEADERS, new WebSocketFrameHandler(session, ws));
        if (f == null) {
            return;
        }
        removeHttpHandlers(ctx);
        long timeout = options.upgradeTimeout().toMillis();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                ctx.channel().close();
                return;
            }
            session.onLoop(() -> {
                if (session.isClosed() || session.isUpgradingOrUpgraded()
                        || !(session.transportSink() instanceof PollingTransport)) {
                    ws.close(false); // engine.io closes a second or late upgrade right after the handshake
                    return;
                }
                new Upgrade(session, ws).start(timeout);
            });
            // After the task above: frames reach the session's loop behind the upgrade's start.
            releasePending(pending);
        });
    }

    /** The WebSocket is ready: the bytes that came with its request are decoded now, first. */
    private static void releasePending(PendingUpgradeBytes pending) {
        if (pending != null) {
            pending.release();
        }
    }

    private void connected(Session session) {
        try {
            onConnection.accept(session);
        } catch (RuntimeException e) {
            log.warn("onConnection callback threw; the session stays open", e);
        }
    }

    private HttpHeaders handshakeHeaders(String sid, DefaultEngineRequest request) {
        HttpHeaders extra = new DefaultHttpHeaders();
        CookieOptions cookie = options.cookie();
        if (cookie != null) {
            extra.add(HttpHeaderNames.SET_COOKIE, Cookies.serialize(cookie, sid, request.secure()));
        }
        InitialHeaders hook = options.initialHeaders();
        if (hook != null) {
            try {
                hook.apply(request, extra);
            } catch (RuntimeException e) {
                log.warn("initialHeaders hook threw; its headers are ignored", e);
            }
        }
        return extra;
    }

    private static void removeHttpHandlers(ChannelHandlerContext ctx) {
        var p = ctx.pipeline();
        if (p.get(RequestTimeoutHandler.NAME) != null) {
            p.remove(RequestTimeoutHandler.NAME);
        }
        if (p.get(HttpContentCompressor.class) != null) {
            p.remove(HttpContentCompressor.class);
        }
        p.remove(ctx.handler());
    }
}
