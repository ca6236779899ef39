// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of an {@link EngineServer}, validated once by {@link Builder#build()}. Defaults are
 * engine.io 6.6's unless noted:
 * <ul>
 *   <li>{@code path} {@code /engine.io/} (a trailing slash is added; the Socket.IO layer sets {@code /socket.io/})</li>
 *   <li>{@code pingInterval} 25 s, {@code pingTimeout} 20 s, {@code upgradeTimeout} 10 s</li>
 *   <li>{@code maxHttpBufferSize} 1 000 000 bytes (polling body, WebSocket message, advertised as {@code maxPayload})</li>
 *   <li>{@code transports} polling, websocket; {@code allowUpgrades} true</li>
 *   <li>Origin check on (sio4j, unlike engine.io): a browser request from a page of another
 *       origin than the server's own is refused unless {@code cors} allows that origin;
 *       {@code allowAnyOrigin} false; {@code requireOrigin} false (requests without
 *       {@code Origin}, i.e. not from a browser, pass)</li>
 *   <li>{@code cors} off; {@code allowRequest} none; {@code cookie} off; {@code initialHeaders} none</li>
 *   <li>{@code perMessageDeflate} off (threshold 1024 when on); {@code httpCompression} on, threshold 1024</li>
 *   <li>sio4j limits: {@code maxOutboundQueue} 4096 packets and {@code maxOutboundBytes} 16 MiB per
 *       session (whichever is reached first); {@code maxPayloadPackets}
 *       16384 packets per polling POST; {@code maxWebSocketFragments} 1024 per message;
 *       {@code maxHeaderSize} 16 KiB; {@code maxHeaderCount} 100; {@code maxInitialLineLength}
 *       4096; {@code requestTimeout} 10 s (an HTTP request or WebSocket handshake must be
 *       complete by then)</li>
 *   <li>{@code httpFallback} none (404; see {@link HttpFallback} for the socket.io client files
 *       under the path it also answers); {@code eventLoopGroup} none (the server makes its own
 *       with {@code ioThreads} threads, 0 = Netty's default; epoll when available, else NIO);
 *       {@code sslContext} and {@code tls} none; {@code trustedProxies} none (forwarding headers ignored)</li>
 *   <li>{@code connectionLimits} (sio4j): 1000 open sessions and 100 handshakes per second
 *       (burst 1000) per client address, loopback exempt; 20 control packets per second (burst
 *       100) per session; see {@link ConnectionLimits}</li>
 * </ul>
 *
 * <pre>{@code
 * EngineOptions opts = EngineOptions.builder()
 *         .pingInterval(Duration.ofSeconds(10))
 *         .cors(CorsOptions.allowOrigins("https://app.example.com"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EngineOptions {

    private final String path;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration upgradeTimeout;
    private final int maxHttpBufferSize;
    private final List<Transport> transports;
    private final boolean allowUpgrades;
    private final CorsOptions cors;
    private final AllowRequest allowRequest;
    private final CookieOptions cookie;
    private final InitialHeaders initialHeaders;
    private final boolean perMessageDeflate;
    private final int perMessageDeflateThreshold;
    private final boolean httpCompression;
    private final int httpCompressionThreshold;
    private final int maxOutboundQueue;
    private final long maxOutboundBytes;
    private final int maxPayloadPackets;
    private final int maxWebSocketFragments;
    private final int maxHeaderSize;
    private final int maxHeaderCount;
    private final int maxInitialLineLength;
    private final Duration requestTimeout;
    private final HttpFallback httpFallback;
    private final EventLoopGroup eventLoopGroup;
    private final int ioThreads;
    private final SslContext sslContext;
    private final TlsOptions tls;
    private final TrustedProxies trustedProxies;
    private final boolean allowAnyOrigin;
    private final boolean requireOrigin;
    private final ConnectionLimits connectionLimits;

    private EngineOptions(Builder b, SslContext loadedTls) {
        this.path = b.path;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.upgradeTimeout = b.upgradeTimeout;
        this.maxHttpBufferSize = b.maxHttpBufferSize;
        this.transports = List.copyOf(b.transports);
        this.allowUpgrades = b.allowUpgrades;
        this.cors = b.cors;
        this.allowRequest = b.allowRequest;
        this.cookie = b.cookie;
        this.initialHeaders = b.initialHeaders;
        this.perMessageDeflate = b.perMessageDeflate;
        this.perMessageDeflateThreshold = b.perMessageDeflateThreshold;
        this.httpCompression = b.httpCompression;
        this.httpCompressionThreshold = b.httpCompressionThreshold;
        this.maxOutboundQueue = b.maxOutboundQueue;
        this.maxOutboundBytes = b.maxOutboundBytes;
        this.maxPayloadPackets = b.maxPayloadPackets;
        this.maxWebSocketFragments = b.maxWebSocketFragments;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxHeaderCount = b.maxHeaderCount;
        this.maxInitialLineLength = b.maxInitialLineLength;
        this.requestTimeout = b.requestTimeout;
        this.httpFallback = b.httpFallback;
        this.eventLoopGroup = b.eventLoopGroup;
        this.ioThreads = b.ioThreads;
        this.sslContext = loadedTls != null ? loadedTls : b.sslContext;
        this.tls = b.tls;
        this.trustedProxies = b.trustedProxies;
        this.allowAnyOrigin = b.allowAnyOrigin;
        this.requireOrigin = b.requireOrigin;
        this.connectionLimits = b.connectionLimits;
    }

    /** Options with every default. */
    public static EngineOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.upgradeTimeout = upgradeTimeout;
        b.maxHttpBufferSize = maxHttpBufferSize;
        b.transports = new LinkedHashSet<>(transports);
        b.allowUpgrades = allowUpgrades;
        b.cors = cors;
        b.allowRequest = allowRequest;
        b.cookie = cookie;
        b.initialHeaders = initialHeaders;
        b.perMessageDeflate = perMessageDeflate;
        b.perMessageDeflateThreshold = perMessageDeflateThreshold;
        b.httpCompression = httpCompression;
        b.httpCompressionThreshold = httpCompressionThreshold;
        b.maxOutboundQueue = maxOutboundQueue;
        b.maxOutboundBytes = maxOutboundBytes;
        b.maxPayloadPackets = maxPayloadPackets;
        b.maxWebSocketFragments = maxWebSocketFragments;
        b.maxHeaderSize = maxHeaderSize;
        b.maxHeaderCount = maxHeaderCount;
        b.maxInitialLineLength = maxInitialLineLength;
        b.requestTimeout = requestTimeout;
        b.httpFallback = httpFallback;
        b.eventLoopGroup = eventLoopGroup;
        b.ioThreads = ioThreads;
        b.sslContext = tls == null ? sslContext : null; // files are read again by the next build()
        b.tls = tls;
        b.trustedProxies = trustedProxies;
        b.allowAnyOrigin = allowAnyOrigin;
        b.requireOrigin = requireOrigin;
        b.connectionLimits = connectionLimits;
        return b;
    }

    /** The endpoint path, always starting and ending with {@code /}. */
    public String path() { return path; }
    public Duration pingInterval() { return pingInterval; }
    public Duration pingTimeout() { return pingTimeout; }
    public Duration upgradeTimeout() { return upgradeTimeout; }
    public int maxHttpBufferSize() { return maxHttpBufferSize; }
    /** The enabled transports, in preference order. */
    public List<Transport> transports() { return transports; }
    public boolean allowUpgrades() { return allowUpgrades; }
    /** The CORS settings, or null when CORS is off; its allow-list also widens the Origin check. */
    public CorsOptions cors() { return cors; }
    /**
     * Whether the Origin check is off: pages of every site may open sessions (default false;
     * see {@link Builder#allowAnyOrigin()}).
     */
    public boolean allowAnyOrigin() { return allowAnyOrigin; }
    /** Whether a request without an {@code Origin} header is refused (default false). */
    public boolean requireOrigin() { return requireOrigin; }
    /** The per-address and per-session limits; default {@link ConnectionLimits#defaults()}. */
    public ConnectionLimits connectionLimits() { return connectionLimits; }
    /** The handshake check, or null. */
    public AllowRequest allowRequest() { return allowRequest; }
    /** The session cookie, or null when off. */
    public CookieOptions cookie() { return cookie; }
    /** The handshake-response headers hook, or null. */
    public InitialHeaders initialHeaders() { return initialHeaders; }
    public boolean perMessageDeflate() { return perMessageDeflate; }
    public int perMessageDeflateThreshold() { return perMessageDeflateThreshold; }
    public boolean httpCompression() { return httpCompression; }
    public int httpCompressionThreshold() { return httpCompressionThreshold; }
    /**
     * Packets a session may hold while its transport cannot take them (default 4096). Past this
     * cap, or past {@link #maxOutboundBytes()}, a volatile message is dropped and any other
     * message closes the session with {@link CloseReason#TRANSPORT_ERROR}.
     */
    public int maxOutboundQueue() { return maxOutboundQueue; }
    /**
     * Bytes a session may hold while its transport cannot take them (default 16 MiB): the
     * payload sizes of the queued packets (for a plain text message, its characters). Bounds
     * memory when a few huge messages go to a slow client (SECURITY-CASES row 20).
     */
    public long maxOutboundBytes() { return maxOutboundBytes; }
    /** Packets one polling POST may carry (more gives 400 and closes the session). */
    public int maxPayloadPackets() { return maxPayloadPackets; }
    /** Frames one fragmented WebSocket message may have (more closes with 1009). */
    public int maxWebSocketFragments() { return maxWebSocketFragments; }
    public int maxHeaderSize() { return maxHeaderSize; }
    /**
     * Header lines one request may have (default 100); more gets 431 and the connection is
     * closed (SECURITY-CASES row 46). The cap of Apache httpd's {@code LimitRequestFields} and
     * Tomcat's {@code maxHeaderCount}; browsers send about 20. Node's http server refuses nothing
     * here: past its {@code maxHeadersCount} (2000) it silently drops the extra headers, which
     * could drop one that matters (Origin, Cookie), so sio4j refuses instead.
     */
    public int maxHeaderCount() { return maxHeaderCount; }
    public int maxInitialLineLength() { return maxInitialLineLength; }
    public Duration requestTimeout() { return requestTimeout; }
    /**
     * What answers requests outside {@link #path()}, and those for the socket.io client files
     * under it, in standalone mode; or null (404, and the client files are Engine.IO's).
     */
    public HttpFallback httpFallback() { return httpFallback; }
    /** The user's event loop group (not shut down by the server), or null. */
    public EventLoopGroup eventLoopGroup() { return eventLoopGroup; }
    public int ioThreads() { return ioThreads; }
    /** TLS for standalone mode (the one given, or the one loaded from {@link #tls()}'s files), or null. */
    public SslContext sslContext() { return sslContext; }
    /** The certificate files TLS was loaded from (and is reloaded from), or null. */
    public TlsOptions tls() { return tls; }
    /** The proxies whose forwarding headers are believed; default {@link TrustedProxies#none()}. */
    public TrustedProxies trustedProxies() { return trustedProxies; }

    /** Builds {@link EngineOptions}; not thread-safe. */
    public static final class Builder {
        private String path = "/engine.io/";
        private Duration pingInterval = Duration.ofMillis(25_000);
        private Duration pingTimeout = Duration.ofMillis(20_000);
        private Duration upgradeTimeout = Duration.ofMillis(10_000);
        private int maxHttpBufferSize = 1_000_000;
        private Set<Transport> transports = new LinkedHashSet<>(List.of(Transport.POLLING, Transport.WEBSOCKET));
        private boolean allowUpgrades = true;
        private CorsOptions cors;
        private AllowRequest allowRequest;
        private CookieOptions cookie;
        private InitialHeaders initialHeaders;
        private boolean perMessageDeflate;
        private int perMessageDeflateThreshold = 1024;
        private boolean httpCompression = true;
        private int httpCompressionThreshold = 1024;
        private int maxOutboundQueue = 4096;
        private long maxOutboundBytes = 16L << 20;
        private int maxPayloadPackets = 16_384;
        private int maxWebSocketFragments = 1024;
        private int maxHeaderSize = 16_384;
        private int maxHeaderCount = 100;
        private int maxInitialLineLength = 4096;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private HttpFallback httpFallback;
        private EventLoopGroup eventLoopGroup;
        private int ioThreads;
        private SslContext sslContext;
        private TlsOptions tls;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private boolean allowAnyOrigin;
        private boolean requireOrigin;
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();

        private Builder() {
        }

        /** The endpoint path; a leading and a trailing {@code /} are added when missing. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            String p = path.startsWith("/") ? path : "/" + path;
            this.path = p.endsWith("/") ? p : p + "/";
            return this;
        }

        public Builder pingInterval(Duration d) { this.pingInterval = positive(d, "pingInterval"); return this; }
        public Builder pingTimeout(Duration d) { this.pingTimeout = positive(d, "pingTimeout"); return this; }
        public Builder upgradeTimeout(Duration d) { this.upgradeTimeout = positive(d, "upgradeTimeout"); return this; }
        public Builder maxHttpBufferSize(int bytes) { this.maxHttpBufferSize = atLeast(bytes, 1, "maxHttpBufferSize"); return this; }

        /** The enabled transports; at least one. */
        public Builder transports(Transport... list) {
            if (list.length == 0) {
                throw new IllegalArgumentException("at least one transport");
            }
            this.transports = new LinkedHashSet<>(List.of(list));
            return this;
        }

        public Builder allowUpgrades(boolean allow) { this.allowUpgrades = allow; return this; }
        /**
         * CORS settings; null turns CORS off. The allowed origins may also use the endpoint
         * (the Origin check admits them besides the server's own origin).
         */
        public Builder cors(CorsOptions cors) { this.cors = cors; return this; }

        /**
         * Turns the Origin check off: a page of any site may open sessions, WebSockets included
         * (which carry the visitor's cookies whatever CORS says). For public, cookie-less
         * endpoints only; the server logs a warning once when it is built. Without it, a browser
         * request whose {@code Origin} is neither the server's own origin nor allowed by
         * {@link #cors(CorsOptions)} is refused: 403 {@code {"code":4,"message":"Forbidden"}}
         * on polling, 400 on a WebSocket upgrade.
         */
        public Builder allowAnyOrigin() { return allowAnyOrigin(true); }

        /** Turns the Origin check off ({@code true}) or on again; see {@link #allowAnyOrigin()}. */
        public Builder allowAnyOrigin(boolean any) { this.allowAnyOrigin = any; return this; }

        /**
         * Refuses requests without an {@code Origin} header too (403 / 400), leaving browsers
         * only; non-browser clients (the Java and Node clients) send none. Default false.
         */
        public Builder requireOrigin(boolean require) { this.requireOrigin = require; return this; }

        /**
         * Connections and handshakes per client address, control packets per session; see
         * {@link ConnectionLimits} for the defaults and {@link ConnectionLimits#none()} to turn
         * them all off.
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }
        /** The handshake check; null removes it. */
        public Builder allowRequest(AllowRequest check) { this.allowRequest = check; return this; }
        /** The session cookie; null turns it off. */
        public Builder cookie(CookieOptions cookie) { this.cookie = cookie; return this; }
        public Builder initialHeaders(InitialHeaders hook) { this.initialHeaders = hook; return this; }
        public Builder perMessageDeflate(boolean on) { this.perMessageDeflate = on; return this; }
        public Builder perMessageDeflateThreshold(int bytes) { this.perMessageDeflateThreshold = atLeast(bytes, 0, "perMessageDeflateThreshold"); return this; }
        public Builder httpCompression(boolean on) { this.httpCompression = on; return this; }
        public Builder httpCompressionThreshold(int bytes) { this.httpCompressionThreshold = atLeast(bytes, 0, "httpCompressionThreshold"); return this; }
        public Builder maxOutboundQueue(int packets) { this.maxOutboundQueue = atLeast(packets, 1, "maxOutboundQueue"); return this; }
        /** The outbound byte cap per session, at least 1024; see {@link EngineOptions#maxOutboundBytes()}. */
        public Builder maxOutboundBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxOutboundBytes must be >= 1024");
            }
            this.maxOutboundBytes = bytes;
            return this;
        }
        public Builder maxPayloadPackets(int packets) { this.maxPayloadPackets = atLeast(packets, 1, "maxPayloadPackets"); return this; }
        public Builder maxWebSocketFragments(int frames) { this.maxWebSocketFragments = atLeast(frames, 1, "maxWebSocketFragments"); return this; }
        public Builder maxHeaderSize(int bytes) { this.maxHeaderSize = atLeast(bytes, 1024, "maxHeaderSize"); return this; }
        /** The header line cap, at least 16; see {@link EngineOptions#maxHeaderCount()}. */
        public Builder maxHeaderCount(int headers) { this.maxHeaderCount = atLeast(headers, 16, "maxHeaderCount"); return this; }
        public Builder maxInitialLineLength(int bytes) { this.maxInitialLineLength = atLeast(bytes, 256, "maxInitialLineLength"); return this; }
        public Builder requestTimeout(Duration d) { this.requestTimeout = positive(d, "requestTimeout"); return this; }
        public Builder httpFallback(HttpFallback fallback) { this.httpFallback = fallback; return this; }
        /** Runs the server on {@code group} (which the server never shuts down). */
        public Builder eventLoopGroup(EventLoopGroup group) { this.eventLoopGroup = group; return this; }
        public Builder ioThreads(int threads) { this.ioThreads = atLeast(threads, 0, "ioThreads"); return this; }
        /**
         * TLS for standalone mode ({@code https://} polling, {@code wss://}). Whatever the
         * context enables, connections speak TLS 1.2 or 1.3 only; a context that enables neither
         * (or a client context) is refused by {@link #build()}. Requests then report
         * {@link EngineRequest#secure()} and the session cookie gets {@code Secure}.
         *
         * <pre>{@code
         * SslContext tls = SslContextBuilder.forServer(certChainFile, keyFile).build();
         * EngineOptions.builder().sslContext(tls).build();
         * }</pre>
         */
        public Builder sslContext(SslContext ctx) { this.sslContext = ctx; return this; }

        /**
         * TLS for standalone mode from certificate files (PEM or PKCS#12), read by
         * {@link #build()} and reloaded without a restart when they change or on
         * {@link EngineServer#reloadTls()}; see {@link TlsOptions}. Instead of
         * {@link #sslContext(SslContext)}; null removes it.
         */
        public Builder tls(TlsOptions tls) { this.tls = tls; return this; }

        /**
         * The reverse proxies whose {@code Forwarded}/{@code X-Forwarded-*} headers are believed
         * (see {@link TrustedProxies}); default none, so the TCP peer is the client.
         */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = Objects.requireNonNull(proxies, "proxies");
            return this;
        }

        /** Same as {@code trustedProxies(TrustedProxies.of(cidrs))}. */
        public Builder trustedProxies(String... cidrs) {
            return trustedProxies(TrustedProxies.of(cidrs));
        }

        public EngineOptions build() {
            if (pingTimeout.compareTo(Duration.ofDays(1)) > 0 || pingInterval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("pingInterval and pingTimeout must be at most one day");
            }
            if (sslContext != null && tls != null) {
                throw new IllegalStateException("give TLS either as an sslContext or as tls files, not both");
            }
            if (sslContext != null) {
                dev.sio4j.engine.internal.Tls.validate(sslContext);
            }
            return new EngineOptions(this, tls == null ? null : dev.sio4j.engine.internal.TlsFiles.load(tls));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        private static int atLeast(int v, int min, String name) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be >= " + min);
            }
            return v;
        }
    }
}
