// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.EngineObserver;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.EngineServer;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine server: session registry, listening channels, the event loops it owns, shutdown.
 * Thread-safe: the registry is a concurrent map; sessions are confined to their own loops.
 */
public final class RealEngineServer implements EngineServer, SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(RealEngineServer.class);

    private final EngineOptions options;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by {@link #stopAccepting()}: no new session; sessions end as a restarting server's would. */
    private volatile boolean draining;
    private final SessionIds ids = new SessionIds();
    private final Cors cors;
    private final OriginCheck originCheck;
    private final ConnectionLog connectionLog = new ConnectionLog();
    private final Refusals refusals = new Refusals(connectionLog);
    private volatile EngineObserver observer = EngineObservers.NONE;
    private final AddressLimiter addressLimiter;
    private final TlsReloader tls;
    private final AtomicBoolean warnedUntrustedForwarding = new AtomicBoolean();
    private final RequestVerifier verifier;
    private final Handshakes handshakes;
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup ownGroup;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    public RealEngineServer(EngineOptions options, Consumer<EngineSocket> onConnection) {
        this.options = Objects.requireNonNull(options, "options");
        this.cors = new Cors(options.cors());
        this.originCheck = new OriginCheck(options);
        this.addressLimiter = new AddressLimiter(options.connectionLimits(), System::nanoTime);
        this.tls = new TlsReloader(options.sslContext(), options.tls());
        if (originCheck.allowsAny()) {
            log.warn("the Origin check is off (allowAnyOrigin, or CORS for any origin): pages of every site can open "
                    + "sessions in their visitors' browsers, WebSockets with the visitors' cookies included");
        }
        this.verifier = new RequestVerifier(options, sessions::get);
        this.handshakes = new Handshakes(this, Objects.requireNonNull(onConnection, "onConnection"));
    }

    @Override
    public EngineOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<InetSocketAddress> listen(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        EventLoopGroup group;
        synchronized (this) {
            if (closed.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("server closed"));
            }
            group = options.eventLoopGroup();
            if (group == null) {
                if (ownGroup == null) {
                    ownGroup = NettyTransports.newGroup(options.ioThreads());
                }
                group = ownGroup;
            }
        }
        tls.start();
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        new ServerBootstrap()
                .group(group)
                .channel(NettyTransports.serverChannelType(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EngineChannelInitializer(this))
                .bind(host, port)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                    boolean late;
                    synchronized (this) {
                        late = closed.get();
                        if (!late) {
                            listeners.add(ch);
                        }
                    }
                    if (late) {
                        ch.close();
                        result.completeExceptionally(new IllegalStateException("server closed"));
                    } else {
                        result.complete((InetSocketAddress) ch.localAddress());
                    }
                });
        return result;
    }

    @Override
    public ChannelHandler newHttpHandler() {
        return new EngineHttpHandler(this, true);
    }

    @Override
    public void onConnectionError(Consumer<ConnectionError> listener) {
        refusals.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Who hears of this server's sessions, packets and refusals from now on;
     * {@link EngineObservers#NONE} (the default) for nobody, which measures nothing. Any thread.
     */
    public void observer(EngineObserver observer) {
        EngineObserver o = Objects.requireNonNull(observer, "observer");
        this.observer = o;
        refusals.observer(o);
    }

    @Override
    public EngineObserver observer() {
        return observer;
    }

    @Override
    public void reloadTls() {
        tls.reload();
    }

    /** The TLS context for a new connection, or null without TLS. */
    SslContext sslContext() {
        return tls.current();
    }

    @Override
    public int clientsCount() {
        return clients.get();
    }

    /**
     * Starts a drain: handshakes (polling, and WebSocket upgrades without a sid) and requests for
     * sids this server does not know are refused with 503, so that a load balancer moves on;
     * sessions already open keep working until {@link #endForDrain} or {@link #close()} ends
     * them. Idempotent; any thread.
     */
    public void stopAccepting() {
        draining = true;
    }

    /** Whether {@link #stopAccepting()} was called. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Ends {@code socket} (a session of this server) the way a restarting server would, so that
     * every client library reconnects: what is queued is written first, then a WebSocket's
     * connection closes (no close frame, which socket.io-client-java does not act on) and a
     * polling client's pending or next GET gets a 503, never an Engine.IO CLOSE packet (some
     * clients take that as a deliberate close and stay away). Any thread.
     */
    public void endForDrain(EngineSocket socket) {
        Session s = (Session) socket;
        s.onLoop(s::endForDrain);
    }

    /** Sessions whose sid this server still knows, closing ones that owe their last poll included. */
    public int trackedSessions() {
        return sessions.size();
    }

    /**
     * Whether the calling thread is one of the event loops this server's connections run on
     * (its own group, the configured one, or a session's). A scan of the sessions: for close(), which is rare.
     */
    public boolean inEventLoop() {
        EventLoopGroup group = options.eventLoopGroup();
        if (group == null) {
            synchronized (this) {
                group = ownGroup;
            }
        }
        if (group != null) {
            for (io.netty.util.concurrent.EventExecutor e : group) {
                if (e.inEventLoop()) {
                    return true;
                }
            }
        }
        // Attached to the application's pipeline (newHttpHandler), sessions run on its loops.
        for (Session s : sessions.values()) {
            if (s.eventLoop().inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletableFuture<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        tls.stop();
        List<CompletableFuture<Void>> sessionsClosed = new ArrayList<>();
        boolean restartLike = draining;
        for (Session s : sessions.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            sessionsClosed.add(done);
            if (!s.onLoop(() -> {
                if (restartLike) {
                    s.endForDrain();
                } else {
                    s.closeNow(CloseReason.SERVER_SHUTTING_DOWN, "", true);
                }
                // As engine.io, wait for what was queued to drain; bounded by the close drain timeout.
                s.transportReleased().whenComplete((v, e) -> done.complete(null));
            })) {
                done.complete(null);
            }
        }
        List<Channel> bound;
        EventLoopGroup group;
        synchronized (this) {
            bound = new ArrayList<>(listeners);
            listeners.clear();
            group = ownGroup;
        }
        CompletableFuture.allOf(sessionsClosed.toArray(CompletableFuture[]::new))
                .orTimeout(Session.MAX_CLOSE_DRAIN.toMillis() + 2000, TimeUnit.MILLISECONDS)
                .handle((v, e) -> {
                    bound.forEach(Channel::close);
                    if (group == null) {
                        closeFuture.complete(null);
                    } else {
                        // A short quiet period lets the CLOSE packets and close frames reach the wire.
                        group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS)
                                .addListener(f -> closeFuture.complete(null));
                    }
                    return null;
                });
        return closeFuture;
    }

    // ---- internals shared by the handlers ----

    boolean isClosed() {
        return closed.get();
    }

    Cors cors() {
        return cors;
    }

    OriginCheck originCheck() {
        return originCheck;
    }

    AddressLimiter addressLimiter() {
        return addressLimiter;
    }

    /** Addresses the per-address limits track (for tests: back to the baseline once clients are gone). */
    public int trackedAddresses() {
        return addressLimiter.size();
    }

    /**
     * Warns, once per server, that a per-address limit refused a peer that sends forwarding
     * headers without being trusted: likely the application's own proxy, all of whose clients
     * then count as one.
     */
    void warnIfUntrustedProxy(EngineRequest request) {
        if (request.header("X-Forwarded-For") == null && request.header("Forwarded") == null) {
            return;
        }
        InetAddress peer = request.remoteAddress() == null ? null : request.remoteAddress().getAddress();
        if (!options.trustedProxies().trusts(peer) && warnedUntrustedForwarding.compareAndSet(false, true)) {
            log.warn("a per-address limit refused {}, which sends X-Forwarded-For or Forwarded but is not in "
                    + "trustedProxies: if it is your proxy, every client behind it counts as that one address",
                    DefaultEngineRequest.describe(peer));
        }
    }

    /** The refusal counters and connection_error listeners, shared with the Socket.IO layer. */
    @Override
    public Refusals refusals() {
        return refusals;
    }

    RequestVerifier verifier() {
        return verifier;
    }

    Handshakes handshakes() {
        return handshakes;
    }

    SessionIds ids() {
        return ids;
    }

    void register(Session session) {
        sessions.put(session.id(), session);
        clients.incrementAndGet();
    }

    @Override
    public void opened(Session session, Transport transport) {
        observer.sessionOpened(transport);
        connectionLog.opened(session.logId(), transport, session.request().clientAddress());
    }

    @Override
    public void upgraded(Session session) {
        observer.sessionUpgraded(Transport.POLLING, Transport.WEBSOCKET);
        connectionLog.upgraded(session.logId());
    }

    @Override
    public void closed(Session session, CloseReason reason, String description) {
        clients.decrementAndGet();
        long duration = System.nanoTime() - session.startNanos();
        observer.sessionClosed(session.transport(), reason, duration);
        connectionLog.closed(session.logId(), session.transport(), reason, description, duration);
    }

    @Override
    public void remove(Session session) {
        sessions.remove(session.id(), session);
    }

    @Override
    public void linger(Session session, Duration max) {
        session.eventLoop().schedule(() -> {
            if (sessions.remove(session.id(), session)) {
                session.lingerExpired();
            }
        }, max.toMillis(), TimeUnit.MILLISECONDS);
    }
}
