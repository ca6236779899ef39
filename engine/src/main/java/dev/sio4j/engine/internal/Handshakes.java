// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.CookieOptions;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.InitialHeaders;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpContentCompressor;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
     * Opens a session for a handshake request: the per-address limits first (a cheap refusal,
     * before any user code), then allowRequest. {@code pending} holds the bytes that followed an
     * upgrade request (null for polling); they are replayed once the WebSocket is in place.
     */
    void begin(ChannelHandlerContext ctx, HttpRequest req, DefaultEngineRequest engineRequest, Transport transport,
            HttpResponder responder, PendingUpgradeBytes pending) {
        boolean upgrade = transport == Transport.WEBSOCKET;
        if (server.isDraining()) {
            // 503, not 400: a load balancer takes it as "try another node" (nginx's
            // proxy_next_upstream http_503, health-checking balancers), and clients retry.
            EngineHttpHandler.refuseDraining(responder, upgrade);
            return;
        }
        AddressLimiter.Admission admission = server.addressLimiter().admit(engineRequest.clientAddress());
        if (!admission.admitted()) {
            refuseOverLimit(engineRequest, responder, upgrade, admission);
            return;
        }
        // The session slot is held from here; every way out that opens no session gives it back.
        AddressLimiter.Lease lease = admission.lease();
        AllowRequest check = options.allowRequest();
        if (check == null) {
            open(ctx, req, engineRequest, transport, responder, pending, lease, null);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        // A decision that never comes must not hold the address's slot past the connection.
        java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();
        ctx.channel().closeFuture().addListener(f -> {
            if (!decided.get()) {
                lease.release();
            }
        });
        CompletionStage<AllowRequest.Decision> stage;
        try {
            stage = check.check(engineRequest);
        } catch (RuntimeException e) {
            log.warn("allowRequest threw; refusing the handshake", e);
            stage = java.util.concurrent.CompletableFuture.completedFuture(AllowRequest.Decision.deny(""));
        }
        stage.whenComplete((decision, error) -> ctx.executor().execute(() -> {
            decided.set(true);
            if (pending == null) {
                ctx.channel().config().setAutoRead(true); // else reading resumes after the replay
            }
            if (!ctx.channel().isActive() || ctx.isRemoved()) {
                lease.release();
                return;
            }
            if (error != null || decision == null || !decision.allowed()) {
                lease.release();
                String message = decision == null ? "" : decision.message();
                EngineHttpHandler.refuse(responder, upgrade, RefusalCause.AUTH, EngineError.FORBIDDEN, message, 0,
                        Map.of("name", "ALLOW_REQUEST"));
                return;
            }
            open(ctx, req, engineRequest, transport, responder, pending, lease, decision.identity());
        }));
    }

    /** 429 with engine.io's error body, and {@code Retry-After} when the handshake rate was hit. */
    private void refuseOverLimit(DefaultEngineRequest request, HttpResponder responder, boolean upgrade,
            AddressLimiter.Admission admission) {
        ConnectionLimits limits = options.connectionLimits();
        Map<String, String> context;
        if (admission.refusal() == AddressLimiter.Refusal.TOO_MANY_CONNECTIONS) {
            context = Map.of("name", "TOO_MANY_CONNECTIONS", "limit", Integer.toString(limits.maxConnectionsPerIp()));
        } else {
            RateLimit rate = limits.handshakesPerIp();
            context = Map.of("name", "HANDSHAKE_RATE", "limit", rate.perSecond() + "/s, burst " + rate.burst());
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(admission.retryAfterNanos() + 999_999_999L));
            responder.extraHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds)));
        }
        server.warnIfUntrustedProxy(request);
        EngineHttpHandler.refuse(responder, upgrade, RefusalCause.LIMIT, EngineError.FORBIDDEN, "Too many requests", 429,
                context);
    }

    private void open(ChannelHandlerContext ctx, HttpRequest req, DefaultEngineRequest engineRequest,
            Transport transport, HttpResponder responder, PendingUpgradeBytes pending, AddressLimiter.Lease lease,
            String identity) {
        if (server.isClosed()) {
            lease.release();
            EngineHttpHandler.refuse(responder, transport == Transport.WEBSOCKET, RefusalCause.BAD_REQUEST,
                    EngineError.BAD_REQUEST, "Server is closing", 0, Map.of("name", "SERVER_CLOSING"));
            return;
        }
        String sid = server.ids().next();
        Session session = new Session(sid, engineRequest, ctx.channel().eventLoop(), options, server, lease, identity);
        HttpHeaders extra = handshakeHeaders(sid, engineRequest);
        if (transport == Transport.POLLING) {
            PollingTransport polling = new PollingTransport(session::observer);
            responder.extraHeaders(extra);
            polling.park(responder);
            server.register(session);
            session.start(polling);
            connected(session);
            return;
        }
        WebSocketTransport ws = new WebSocketTransport(ctx.channel(), session);
        ChannelFuture f = upgrader.upgrade(ctx, req, extra, new WebSocketFrameHandler(session, ws), responder);
        if (f == null) {
            lease.release();
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
                lease.release();
                ctx.channel().close();
            }
        });
    }

    /** Starts the upgrade of a polling session; {@code pending} as in {@link #begin}. */
    void upgradeExisting(ChannelHandlerContext ctx, HttpRequest req, Session session, HttpResponder responder,
            PendingUpgradeBytes pending) {
        WebSocketTransport ws = new WebSocketTransport(ctx.channel(), session);
        ChannelFuture f = upgrader.upgrade(ctx, req, HttpHeaders.EMPTY_HEADERS, new WebSocketFrameHandler(session, ws),
                responder);
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
                if (!session.mayUpgrade()) {
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
