// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.RefusalCounts;
import dev.sio4j.server.internal.ServerCore;
import io.netty.channel.ChannelHandler;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A Socket.IO 4.8 server (protocol v5 over Engine.IO v4) on Netty. Namespaces come from
 * {@link #of}; the methods {@code on}, {@code use}, {@code emit}, {@code to}, ... act on the main
 * namespace {@code "/"}.
 *
 * <p>Lifecycle ({@link #state()}): {@link #create} (or {@link #builder()}), register namespaces
 * and listeners, then {@link #listen} on a port, or put {@link #newHttpHandler()} into your own
 * Netty pipeline; finally {@link #close()} (or {@link #closeAsync()}), which disconnects every
 * socket with "server shutting down", or {@link #shutdown(Duration)}, a graceful drain for a
 * deploy behind a load balancer. The server is {@link AutoCloseable}.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder()
 *         .cors(CorsOptions.allowOrigins("http://localhost:8080"))
 *         .build();
 * io.on("connection", socket -> {
 *     socket.on("message", (JsonNode data) -> io.emit("message", data));
 *     socket.on("disconnect", reason -> log.info("left: {}", reason.asText()));
 * });
 * InetSocketAddress bound = io.listen(3000);   // throws java.net.BindException
 * }</pre>
 *
 * <p>Thread-safe. Several servers may run in one JVM.
 */
public final class SocketIoServer implements AutoCloseable {

    /** Where a server is in its life; see {@link #state()}. */
    public enum State {
        /** Accepting sessions (before and after {@link #listen}). */
        RUNNING,
        /** {@link #shutdown(Duration)} runs: new sessions are refused with 503, open ones are ended one by one. */
        DRAINING,
        /** {@link #close()} runs: sockets disconnect, connections and adapters close. */
        CLOSING,
        /** Closed; nothing left running. */
        CLOSED
    }

    private final ServerCore core;

    private SocketIoServer(ServerOptions options) {
        this.core = new ServerCore(options);
    }

    /** A server with {@code options}; nothing is bound yet. */
    public static SocketIoServer create(ServerOptions options) {
        return new SocketIoServer(Objects.requireNonNull(options, "options"));
    }

    /** A server with default options. */
    public static SocketIoServer create() {
        return create(ServerOptions.defaults());
    }

    /** A builder of the options that builds the server. */
    public static Builder builder() {
        return new Builder();
    }

    /** The implementation, for tests in this package (leak checks). */
    ServerCore core() {
        return core;
    }

    /** The options this server runs with. */
    public ServerOptions options() {
        return core.options();
    }

    /** The namespace {@code name} (created when needed); {@code "/"} is the main one. */
    public Namespace of(String name) {
        return core.of(name);
    }

    /**
     * A dynamic parent namespace: a CONNECT to an unknown namespace whose name {@code pattern}
     * finds a match in (JavaScript {@code RegExp.test} semantics; anchor it with {@code ^...$})
     * creates a child namespace with the parent's middlewares and connection listeners. Emitting
     * on the parent reaches every child.
     */
    public Namespace of(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return core.ofParent((name, auth) -> pattern.matcher(name).find());
    }

    /** A dynamic parent namespace decided by {@code matcher}; see {@link #of(Pattern)}. */
    public Namespace of(NamespaceMatcher matcher) {
        return core.ofParent(Objects.requireNonNull(matcher, "matcher"));
    }

    /**
     * The namespaces registered now: those made with {@link #of(String)} (the main one included)
     * and the children dynamic parents created; a snapshot. Parents themselves are not listed.
     */
    public List<Namespace> namespaces() {
        return core.namespaces();
    }

    /**
     * Adds a listener called with each namespace created from now on, static or a dynamic
     * parent's child (socket.io's {@code io.on("new_namespace")}), on the thread that created it
     * (the caller of {@link #of(String)}, or the connection's event loop for a child): it must
     * not block. Namespaces that exist already are in {@link #namespaces()}.
     *
     * <pre>{@code
     * io.namespaces().forEach(this::watch);
     * io.onNewNamespace(this::watch);
     * }</pre>
     */
    public void onNewNamespace(Consumer<Namespace> listener) {
        core.onNewNamespace(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Binds {@code port} on every interface; waits for the bind. Port 0 picks a free port.
     *
     * @throws BindException when the port cannot be bound; see {@link #listen(String, int)}
     */
    public InetSocketAddress listen(int port) throws BindException {
        return listen("0.0.0.0", port);
    }

    /**
     * Binds {@code host:port}; waits for the bind. May be called several times (several ports).
     *
     * <p>A failure to bind is a checked {@link BindException}, as {@link java.net.ServerSocket#bind}
     * and {@code HttpServer.create} report theirs: the port in use, a host that is not an address
     * of this machine or cannot be resolved, a port the process may not bind. Its message names
     * {@code host:port}; the cause is what the operating system or Netty reported, when that was
     * not itself a {@code BindException}. The server stays usable: listen again, or close it.
     *
     * @return the bound address (with the real port when 0 was asked for)
     * @throws BindException when binding fails
     * @throws IllegalStateException when the server is closed
     * @throws IllegalArgumentException when {@code port} is not in 0..65535
     */
    public InetSocketAddress listen(String host, int port) throws BindException {
        Objects.requireNonNull(host, "host");
        try {
            return core.listen(host, port).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IllegalStateException closed) {
                throw new IllegalStateException(closed.getMessage(), closed);
            }
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            BindException failed = new BindException("cannot listen on " + host + ":" + port + ": " + reason);
            failed.initCause(cause);
            throw failed;
        }
    }

    /**
     * Completes when the adapters of the namespaces created so far have started: at once for the
     * in-memory adapter; for a cluster adapter, when it is subscribed and hears the other nodes
     * (cross-node traffic sent before that is not received). Fails if an adapter could not start.
     */
    public CompletableFuture<Void> ready() {
        return core.ready();
    }

    /**
     * A handler to put into one channel of your own Netty pipeline after an
     * {@code HttpServerCodec}: it serves this server's path and passes other requests on.
     */
    public ChannelHandler newHttpHandler() {
        return core.newHttpHandler();
    }

    /**
     * Closes the server and waits until it is closed: every socket is disconnected ("server
     * shutting down"; sessions of connection state recovery are stored first), what is queued
     * for each connection is written with an Engine.IO CLOSE after it, the ports are released and
     * the adapters closed. Idempotent; bounded (about ten seconds at worst, when clients stop
     * reading or listeners hang).
     *
     * <p>Called on one of this server's event loops, on its timer, or inside a listener run by a
     * {@linkplain ServerOptions.Builder#listenerExecutor listener executor}, it starts the close
     * and returns at once: waiting there would wait for the thread that is waiting. Use
     * {@link #closeAsync()} to know when it is done. An interrupt ends the wait (the close goes
     * on) with the thread's interrupt flag set.
     *
     * <p>For a deploy behind a load balancer, {@link #shutdown(Duration)} drains instead.
     */
    @Override
    public void close() {
        CompletableFuture<Void> closing = core.close();
        if (core.onOwnThread()) {
            return;
        }
        try {
            closing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("close failed", e.getCause()); // never in practice: close completes normally
        }
    }

    /** Starts {@link #close()} and returns at once; the future completes when it is closed. Never blocks. */
    public CompletableFuture<Void> closeAsync() {
        return core.close();
    }

    /**
     * A graceful drain, then a close: for a rolling deploy behind a load balancer. In order:
     * <ol>
     * <li>new sessions are refused with {@code 503} (polling handshakes and WebSocket upgrades
     *     without a sid, and requests for sids this server does not hold), so the balancer sends
     *     them to another node; {@link #state()} is {@link State#DRAINING} and
     *     {@link #isAcceptingConnections()} false (make your readiness probe say so);</li>
     * <li>each connection is ended as soon as no ack is in flight on it, either way (none its
     *     sockets wait for, none a listener still owes): its sockets disconnect with
     *     "server shutting down", what is queued for it is written, and the transport ends as a
     *     restarting server's would (a WebSocket connection closed after its last frames, without
     *     a close frame; a 503 on the poll that finds nothing more; never the Engine.IO CLOSE or Socket.IO DISCONNECT that some clients obey
     *     by staying away), so every client library reconnects, through the balancer elsewhere;</li>
     * <li>once every connection is gone, or at {@code deadline}, the rest is closed as by
     *     {@link #close()} (acks still awaited fail; connections are ended the drain's way).</li>
     * </ol>
     * The sequence is in docs/OPERATIONS.md. Never blocks; the future completes when the server
     * is closed. Calling it again, or after close, returns the same drain.
     *
     * <pre>{@code
     * Runtime.getRuntime().addShutdownHook(new Thread(() ->
     *         io.shutdown(Duration.ofSeconds(10)).orTimeout(30, TimeUnit.SECONDS).join()));
     * }</pre>
     *
     * @param deadline how long connections may take to finish their acks; zero ends them all at once
     */
    public CompletableFuture<Void> shutdown(Duration deadline) {
        return core.shutdown(deadline);
    }

    /** Where the server is in its life; cheap (for health and readiness probes). */
    public State state() {
        return core.state();
    }

    /**
     * Whether new sessions are accepted: {@link State#RUNNING}. False from the start of a
     * {@link #shutdown drain} or a close on; a readiness probe answers with it. Cheap.
     */
    public boolean isAcceptingConnections() {
        return state() == State.RUNNING;
    }

    /** The number of open Engine.IO connections. */
    public int clientsCount() {
        return core.clientsCount();
    }

    /**
     * Adds a listener of refused HTTP requests (engine.io's {@code connection_error}, which
     * socket.io exposes as {@code io.engine.on("connection_error")}): one {@link ConnectionError}
     * per refused handshake, poll or upgrade, whatever the cause. Called on the connection's
     * event loop: it must not block.
     *
     * <pre>{@code
     * io.onConnectionError(e -> log.info("refused {} from {}: {} {}", e.id(), e.address(), e.message(), e.context()));
     * }</pre>
     */
    public void onConnectionError(Consumer<ConnectionError> listener) {
        core.onConnectionError(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Reads the TLS certificate files again (see {@link dev.sio4j.engine.EngineServer#reloadTls()}):
     * new connections get the renewed certificate. Reads files: do not call it on an event loop.
     *
     * @throws IllegalStateException without TLS files, or when they cannot be used (the
     *         certificate in use stays)
     */
    public void reloadTls() {
        core.reloadTls();
    }

    /**
     * How many requests, sessions and namespace connections were refused, by cause: the
     * engine's refusals and this layer's (middleware refusals as {@code AUTH}, Socket.IO protocol
     * violations, unknown namespaces, limits).
     */
    public RefusalCounts refusals() {
        return core.refusals();
    }

    /**
     * Adds an observer of this server's metrics events: sessions, packets and bytes, upgrades,
     * refusals, dropped messages and slow consumers, sockets per namespace, broadcasts, acks and
     * listener time (see {@link ServerObserver}, whose calls come from event loops and must be
     * fast). Observers may be added and removed at any time, from any thread; each hears events
     * from then on. Without one, nothing is measured. The {@code sio4j-micrometer} module's
     * binder registers itself this way.
     *
     * <pre>{@code
     * io.observe(new ServerObserver() {
     *     @Override public void ackTimedOut(String namespace) {
     *         ackTimeouts.increment();
     *     }
     * });
     * }</pre>
     */
    public void observe(ServerObserver observer) {
        core.observe(Objects.requireNonNull(observer, "observer"));
    }

    /** Removes an observer added with {@link #observe}; false when it was not observing. */
    public boolean unobserve(ServerObserver observer) {
        return core.unobserve(Objects.requireNonNull(observer, "observer"));
    }

    // ---- main namespace shortcuts ----

    /** Adds a {@code "connection"} listener to the main namespace. */
    public SocketIoServer on(String event, Consumer<Socket> listener) {
        core.of("/").on(event, listener);
        return this;
    }

    /** Adds a {@code "connection"} listener to the main namespace: {@code io.onConnection(socket -> ...)}. */
    public SocketIoServer onConnection(Consumer<Socket> listener) {
        return on("connection", listener);
    }

    /** Adds a middleware to the main namespace. */
    public SocketIoServer use(Middleware middleware) {
        core.of("/").use(middleware);
        return this;
    }

    /** Emits to every socket of the main namespace. */
    public boolean emit(String event, Object... args) { return core.of("/").emit(event, args); }
    /** Emits to every socket of the main namespace and collects acks (needs {@link #timeout}). */
    public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) { return core.of("/").emitWithAck(event, args); }
    /** {@link BroadcastOperator#emitWithAck(Class, String, Object...)} to the main namespace. */
    public <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) { return core.of("/").emitWithAck(type, event, args); }
    /** Emits {@code "message"} to every socket of the main namespace. */
    public boolean send(Object... args) { return core.of("/").send(args); }
    public BroadcastOperator to(String room) { return core.of("/").to(room); }
    public BroadcastOperator to(Collection<String> rooms) { return core.of("/").to(rooms); }
    public BroadcastOperator in(String room) { return core.of("/").in(room); }
    public BroadcastOperator in(Collection<String> rooms) { return core.of("/").in(rooms); }
    public BroadcastOperator except(String room) { return core.of("/").except(room); }
    public BroadcastOperator except(Collection<String> rooms) { return core.of("/").except(rooms); }
    public BroadcastOperator volatile_() { return core.of("/").volatile_(); }
    public BroadcastOperator compress(boolean compress) { return core.of("/").compress(compress); }
    public BroadcastOperator local() { return core.of("/").local(); }
    public BroadcastOperator timeout(Duration timeout) { return core.of("/").timeout(timeout); }
    public CompletableFuture<List<RemoteSocket>> fetchSockets() { return core.of("/").fetchSockets(); }
    public void socketsJoin(String room) { core.of("/").socketsJoin(room); }
    public void socketsLeave(String room) { core.of("/").socketsLeave(room); }
    public void disconnectSockets(boolean close) { core.of("/").disconnectSockets(close); }
    public void serverSideEmit(String event, Object... args) { core.of("/").serverSideEmit(event, args); }

    /**
     * Builds the {@link ServerOptions} and then the server; every option of
     * {@link ServerOptions.Builder} is reachable through {@link #options(Consumer)}.
     * Not thread-safe.
     */
    public static final class Builder {
        private final ServerOptions.Builder options = ServerOptions.builder();

        private Builder() {
        }

        /** Changes any option, e.g. {@code b -> b.maxNamespacesPerClient(10)}. */
        public Builder options(Consumer<ServerOptions.Builder> change) {
            change.accept(options);
            return this;
        }

        public Builder path(String path) { options.path(path); return this; }
        public Builder connectTimeout(Duration d) { options.connectTimeout(d); return this; }
        public Builder cors(dev.sio4j.engine.CorsOptions cors) { options.cors(cors); return this; }
        public Builder allowAnyOrigin() { options.allowAnyOrigin(); return this; }
        public Builder requireOrigin(boolean require) { options.requireOrigin(require); return this; }
        public Builder trustedProxies(String... cidrs) { options.trustedProxies(cidrs); return this; }
        public Builder connectionLimits(dev.sio4j.engine.ConnectionLimits limits) { options.connectionLimits(limits); return this; }
        public Builder socketLimits(SocketLimits limits) { options.socketLimits(limits); return this; }
        public Builder tls(dev.sio4j.engine.TlsOptions tls) { options.tls(tls); return this; }
        public Builder sslContext(javax.net.ssl.SSLContext context) { options.sslContext(context); return this; }
        public Builder allowRequest(dev.sio4j.engine.AllowRequest check) { options.allowRequest(check); return this; }
        public Builder httpFallback(dev.sio4j.engine.HttpFallback fallback) { options.httpFallback(fallback); return this; }
        public Builder pingInterval(Duration d) { options.pingInterval(d); return this; }
        public Builder pingTimeout(Duration d) { options.pingTimeout(d); return this; }
        public Builder maxHttpBufferSize(int bytes) { options.maxHttpBufferSize(bytes); return this; }
        public Builder connectionStateRecovery(ConnectionStateRecovery r) { options.connectionStateRecovery(r); return this; }
        public Builder cleanupEmptyChildNamespaces(boolean c) { options.cleanupEmptyChildNamespaces(c); return this; }
        public Builder adapter(dev.sio4j.adapter.AdapterFactory f) { options.adapter(f); return this; }
        public Builder objectMapper(com.fasterxml.jackson.databind.ObjectMapper m) { options.objectMapper(m); return this; }
        public Builder listenerExecutor(java.util.concurrent.Executor e) { options.listenerExecutor(e); return this; }
        public Builder configureEngine(Consumer<dev.sio4j.engine.EngineOptions.Builder> change) { options.configureEngine(change); return this; }

        /** Validates the options and creates the server (nothing is bound yet). */
        public SocketIoServer build() {
            return create(options.build());
        }
    }
}
