// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.adapter.AdapterFactory;
import dev.sio4j.adapter.InMemoryAdapter;
import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.HttpFallback;
import dev.sio4j.engine.TlsOptions;
import dev.sio4j.engine.TrustedProxies;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.DecoderLimits;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link SocketIoServer}, validated once by {@link Builder#build()}. Defaults are
 * socket.io 4.8's unless noted:
 * <ul>
 *   <li>{@code path} {@code /socket.io/}</li>
 *   <li>{@code connectTimeout} 45 s: a connection that joins no namespace by then is closed</li>
 *   <li>{@code connectionStateRecovery} off (see {@link ConnectionStateRecovery#defaults()})</li>
 *   <li>{@code cleanupEmptyChildNamespaces} false</li>
 *   <li>{@code adapter} {@link InMemoryAdapter}</li>
 *   <li>{@code objectMapper} none: payloads are mapped by {@link PayloadMapper#create()} (no
 *       polymorphic typing, nesting depth 64, numbers of 1000 digits, strings of 1e6 chars,
 *       unknown properties ignored, dates as ISO-8601 strings); with a mapper of yours, a copy
 *       of it is used through {@link PayloadMapper#of(ObjectMapper)}</li>
 *   <li>{@code listenerExecutor} none: listeners run on the connection's event loop; set one
 *       (e.g. virtual threads) when listeners block. Per socket, calls stay in order.</li>
 *   <li>{@code decoderLimits} {@link DecoderLimits#defaults()} (10 attachments, depth 64, ...)</li>
 *   <li>{@code maxNamespacesPerClient} 100 (sio4j limit: more CONNECTs get a CONNECT_ERROR)</li>
 *   <li>{@code socketLimits} {@link SocketLimits#defaults()} (sio4j): 100 arguments per event,
 *       50 connections per user once an identity is set; event and byte rates off</li>
 *   <li>the Engine.IO options ({@link EngineOptions}) with engine.io's defaults; the path is
 *       this one; {@link Builder#httpFallback} serves other URLs (a page,
 *       {@code /socket.io/socket.io.js})</li>
 * </ul>
 *
 * <pre>{@code
 * ServerOptions opts = ServerOptions.builder()
 *         .cors(CorsOptions.allowOrigins("http://localhost:8080"))
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults())
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerOptions {

    private final String path;
    private final Duration connectTimeout;
    private final EngineOptions engineOptions;
    private final ConnectionStateRecovery connectionStateRecovery;
    private final boolean cleanupEmptyChildNamespaces;
    private final AdapterFactory adapterFactory;
    private final PayloadMapper payloadMapper;
    private final Executor listenerExecutor;
    private final int maxNamespacesPerClient;
    private final DecoderLimits decoderLimits;
    private final SocketLimits socketLimits;

    private ServerOptions(Builder b, EngineOptions engineOptions) {
        this.path = engineOptions.path();
        this.connectTimeout = b.connectTimeout;
        this.engineOptions = engineOptions;
        this.connectionStateRecovery = b.connectionStateRecovery;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.adapterFactory = b.adapterFactory;
        this.payloadMapper = b.objectMapper == null ? PayloadMapper.create() : PayloadMapper.of(b.objectMapper);
        this.listenerExecutor = b.listenerExecutor;
        this.maxNamespacesPerClient = b.maxNamespacesPerClient;
        this.decoderLimits = b.decoderLimits;
        this.socketLimits = b.socketLimits;
    }

    /** Options with every default. */
    public static ServerOptions defaults() {
        return builder().build();
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint path, starting and ending with {@code /}. */
    public String path() { return path; }
    /** How long a new connection may take to join a namespace before it is closed; default 45 s. */
    public Duration connectTimeout() { return connectTimeout; }
    /** The options of the underlying Engine.IO server (path included). */
    public EngineOptions engineOptions() { return engineOptions; }
    /** The recovery settings, or null when recovery is off. */
    public ConnectionStateRecovery connectionStateRecovery() { return connectionStateRecovery; }
    /** Whether an empty child of a dynamic namespace is removed; default false. */
    public boolean cleanupEmptyChildNamespaces() { return cleanupEmptyChildNamespaces; }
    /** Creates each namespace's adapter; default {@link InMemoryAdapter}. */
    public AdapterFactory adapterFactory() { return adapterFactory; }
    /**
     * The Jackson mapper payloads are mapped with: the one {@link #payloadMapper()} wraps (a copy
     * of the mapper given to the builder, or the safe default). Do not reconfigure it.
     */
    public ObjectMapper objectMapper() { return payloadMapper.objectMapper(); }
    /** Maps emitted values to JSON trees (binary at any depth) and event arguments to typed listeners' types. */
    public PayloadMapper payloadMapper() { return payloadMapper; }
    /** The executor for listeners, or null for the connection's event loop. */
    public Executor listenerExecutor() { return listenerExecutor; }
    /** How many namespaces one connection may join; default 100. */
    public int maxNamespacesPerClient() { return maxNamespacesPerClient; }
    /** The limits on what clients may send in one Socket.IO packet. */
    public DecoderLimits decoderLimits() { return decoderLimits; }
    /** Arguments, events and bytes per socket, connections per user; see {@link SocketLimits}. */
    public SocketLimits socketLimits() { return socketLimits; }

    /** Builds {@link ServerOptions}; not thread-safe. */
    public static final class Builder {
        private String path = "/socket.io/";
        private Duration connectTimeout = Duration.ofSeconds(45);
        private EngineOptions.Builder engine = EngineOptions.builder();
        private ConnectionStateRecovery connectionStateRecovery;
        private boolean cleanupEmptyChildNamespaces;
        private AdapterFactory adapterFactory = InMemoryAdapter::new;
        private ObjectMapper objectMapper;
        private Executor listenerExecutor;
        private int maxNamespacesPerClient = 100;
        private DecoderLimits decoderLimits = DecoderLimits.defaults();
        private SocketLimits socketLimits = SocketLimits.defaults();

        private Builder() {
        }

        /** The endpoint path; leading and trailing {@code /} are added when missing. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            String p = path.startsWith("/") ? path : "/" + path;
            this.path = p.endsWith("/") ? p : p + "/";
            return this;
        }

        /** How long a new connection may take to join a namespace; default 45 s; must be positive. */
        public Builder connectTimeout(Duration d) {
            Objects.requireNonNull(d, "connectTimeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = d;
            return this;
        }

        /** Replaces the Engine.IO options (their path is overridden by {@link #path}). */
        public Builder engineOptions(EngineOptions options) {
            this.engine = Objects.requireNonNull(options, "options").toBuilder();
            return this;
        }

        /** Adjusts the Engine.IO options in place, e.g. {@code e -> e.upgradeTimeout(...)}. */
        public Builder configureEngine(Consumer<EngineOptions.Builder> change) {
            change.accept(engine);
            return this;
        }

        /**
         * CORS settings of the engine (off by default); the allowed origins may also connect
         * (without CORS only the server's own pages, and non-browser clients, may).
         */
        public Builder cors(CorsOptions cors) { engine.cors(cors); return this; }
        /** Turns the Origin check off (see {@link EngineOptions.Builder#allowAnyOrigin()}); logs a warning. */
        public Builder allowAnyOrigin() { engine.allowAnyOrigin(); return this; }
        /** Refuses requests without an Origin header too (default false). */
        public Builder requireOrigin(boolean require) { engine.requireOrigin(require); return this; }
        /** The proxies whose forwarding headers are believed (see {@link TrustedProxies}); default none. */
        public Builder trustedProxies(String... cidrs) { engine.trustedProxies(cidrs); return this; }
        /**
         * TLS from a PEM certificate chain and key or a PKCS#12 store, reloaded when the files
         * change (see {@link TlsOptions}). Instead of {@link #sslContext(SSLContext)}.
         */
        public Builder tls(TlsOptions tls) { engine.tls(tls); return this; }

        /**
         * TLS from a JDK {@link SSLContext} holding the server's key (the same type the Java
         * client's {@code ClientOptions.sslContext} takes, so one key store setup serves both).
         * Connections speak TLS 1.2 or 1.3 only, whatever the context allows; not reloaded (use
         * {@link #tls(TlsOptions)} for certificates that renew). Netty's own
         * {@code io.netty.handler.ssl.SslContext}, e.g. for OpenSSL through netty-tcnative, goes
         * through {@code configureEngine(e -> e.sslContext(nettyContext))}.
         */
        public Builder sslContext(SSLContext context) {
            Objects.requireNonNull(context, "context");
            engine.sslContext(new JdkSslContext(context, false, ClientAuth.NONE));
            return this;
        }
        /** Per-address and per-session limits of the engine (see {@link ConnectionLimits}). */
        public Builder connectionLimits(ConnectionLimits limits) { engine.connectionLimits(limits); return this; }
        /** The engine's handshake check. */
        public Builder allowRequest(AllowRequest check) { engine.allowRequest(check); return this; }
        /** What answers HTTP requests outside the path (a page, the client bundle). */
        public Builder httpFallback(HttpFallback fallback) { engine.httpFallback(fallback); return this; }
        /** How often the server pings each connection; default 25 s. */
        public Builder pingInterval(Duration d) { engine.pingInterval(d); return this; }
        /**
         * How long a pong may take before the connection is closed ("ping timeout"); default 20 s.
         * Also how long the binary attachments of one packet may take to arrive.
         */
        public Builder pingTimeout(Duration d) { engine.pingTimeout(d); return this; }
        /** The largest message or polling body a client may send, in bytes; default 1e6. */
        public Builder maxHttpBufferSize(int bytes) { engine.maxHttpBufferSize(bytes); return this; }

        /** Turns connection state recovery on with {@code settings}; null turns it off. */
        public Builder connectionStateRecovery(ConnectionStateRecovery settings) {
            this.connectionStateRecovery = settings;
            return this;
        }

        /** Whether a child namespace of a dynamic parent is removed when its last socket leaves. */
        public Builder cleanupEmptyChildNamespaces(boolean cleanup) {
            this.cleanupEmptyChildNamespaces = cleanup;
            return this;
        }

        /** Creates each namespace's adapter, e.g. a cluster adapter's factory. */
        public Builder adapter(AdapterFactory factory) {
            this.adapterFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The Jackson mapper for payloads (typed listener arguments, emitted objects), e.g. one
         * with the java.time module. A copy is taken at {@link #build()}; byte[] and ByteBuffer
         * are always written as binary. Configure untrusted-input limits on it yourself
         * (StreamReadConstraints, no default typing); the default mapper has them.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Runs listeners on {@code executor} instead of the event loop; null: the event loop. */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = executor;
            return this;
        }

        /** How many namespaces one connection may join (more get a CONNECT_ERROR); default 100, at least 1. */
        public Builder maxNamespacesPerClient(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxNamespacesPerClient must be >= 1");
            }
            this.maxNamespacesPerClient = max;
            return this;
        }

        /** The limits on what clients may send in one Socket.IO packet. */
        public Builder decoderLimits(DecoderLimits limits) {
            this.decoderLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Arguments, events and bytes per socket, connections per user; see {@link SocketLimits}. */
        public Builder socketLimits(SocketLimits limits) {
            this.socketLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Validates and builds the options (the Engine.IO options too). */
        public ServerOptions build() {
            EngineOptions engineOptions = engine.path(path).build();
            return new ServerOptions(this, engineOptions);
        }
    }
}
