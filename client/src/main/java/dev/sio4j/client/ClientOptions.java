// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.protocol.socketio.DecoderLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Options of a {@link Manager} and of its {@link Socket}s, with socket.io-client 4.8's defaults.
 *
 * <p>Immutable and thread-safe; built once with {@link #builder()} and validated there.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *         .transports(Transport.WEBSOCKET)
 *         .auth(() -> Map.of("token", tokens.current()))   // asked again on every (re)connect
 *         .reconnectionDelay(Duration.ofMillis(500))
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>reconnection</td><td>true</td></tr>
 *   <tr><td>reconnectionAttempts</td><td>unlimited ({@link Integer#MAX_VALUE})</td></tr>
 *   <tr><td>reconnectionDelay / reconnectionDelayMax</td><td>1 s / 5 s</td></tr>
 *   <tr><td>randomizationFactor</td><td>0.5</td></tr>
 *   <tr><td>timeout (engine connection)</td><td>20 s</td></tr>
 *   <tr><td>autoConnect</td><td>true</td></tr>
 *   <tr><td>transports</td><td>polling, websocket; upgrade true; rememberUpgrade false</td></tr>
 *   <tr><td>path</td><td>/socket.io</td></tr>
 *   <tr><td>forceNew / multiplex</td><td>false / true</td></tr>
 *   <tr><td>retries / ackTimeout</td><td>0 / none</td></tr>
 *   <tr><td>insecureTrustAll</td><td>false: the server's certificate chain and host name are checked (TLS 1.2+ only)</td></tr>
 *   <tr><td>withCredentials</td><td>false (no cookies kept)</td></tr>
 *   <tr><td>perMessageDeflate</td><td>true, threshold 1024 bytes (offered; used when the server accepts)</td></tr>
 *   <tr><td>maxIncomingBytes</td><td>10 MB per HTTP body or WebSocket message</td></tr>
 *   <tr><td>maxPacketsPerPayload</td><td>10,000 packets per polling response</td></tr>
 *   <tr><td>decoderLimits</td><td>{@link DecoderLimits#defaults()}, as the server</td></tr>
 * </table>
 */
public final class ClientOptions {

    /** The transports a client may use, in the order it tries them. */
    public enum Transport { POLLING, WEBSOCKET }

    private static final ClientOptions DEFAULTS = builder().build();

    final boolean reconnection;
    final int reconnectionAttempts;
    final Duration reconnectionDelay;
    final Duration reconnectionDelayMax;
    final double randomizationFactor;
    final Duration timeout;
    final boolean autoConnect;
    final List<Transport> transports;
    final boolean upgrade;
    final boolean rememberUpgrade;
    final String path;
    final Map<String, String> query;
    final Supplier<?> auth;
    final Map<String, List<String>> extraHeaders;
    final boolean forceNew;
    final boolean multiplex;
    final int retries;
    final Duration ackTimeout;
    final SSLContext sslContext;
    final boolean insecureTrustAll;
    final boolean withCredentials;
    final boolean perMessageDeflate;
    final int perMessageDeflateThreshold;
    final int maxIncomingBytes;
    final int maxPacketsPerPayload;
    final ClientRuntime runtime;
    final ObjectMapper objectMapper;
    final DecoderLimits decoderLimits;

    private ClientOptions(Builder b) {
        reconnection = b.reconnection;
        reconnectionAttempts = b.reconnectionAttempts;
        reconnectionDelay = b.reconnectionDelay;
        reconnectionDelayMax = b.reconnectionDelayMax;
        randomizationFactor = b.randomizationFactor;
        timeout = b.timeout;
        autoConnect = b.autoConnect;
        transports = List.copyOf(b.transports);
        upgrade = b.upgrade;
        rememberUpgrade = b.rememberUpgrade;
        path = b.path;
        query = Map.copyOf(b.query);
        auth = b.auth;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        b.extraHeaders.forEach((k, v) -> headers.put(k, List.copyOf(v)));
        extraHeaders = Map.copyOf(headers);
        forceNew = b.forceNew;
        multiplex = b.multiplex;
        retries = b.retries;
        ackTimeout = b.ackTimeout;
        sslContext = b.sslContext;
        insecureTrustAll = b.insecureTrustAll;
        withCredentials = b.withCredentials;
        perMessageDeflate = b.perMessageDeflate;
        perMessageDeflateThreshold = b.perMessageDeflateThreshold;
        maxIncomingBytes = b.maxIncomingBytes;
        maxPacketsPerPayload = b.maxPacketsPerPayload;
        runtime = b.runtime;
        objectMapper = b.objectMapper;
        decoderLimits = b.decoderLimits;
    }

    /** The options with every default. */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean reconnection() { return reconnection; }
    public int reconnectionAttempts() { return reconnectionAttempts; }
    public Duration reconnectionDelay() { return reconnectionDelay; }
    public Duration reconnectionDelayMax() { return reconnectionDelayMax; }
    public double randomizationFactor() { return randomizationFactor; }
    public Duration timeout() { return timeout; }
    public boolean autoConnect() { return autoConnect; }
    public List<Transport> transports() { return transports; }
    public boolean upgrade() { return upgrade; }
    public boolean rememberUpgrade() { return rememberUpgrade; }
    public String path() { return path; }
    public Map<String, String> query() { return query; }
    /** The auth supplier (a constant supplier when a value was given), or null. */
    public Supplier<?> auth() { return auth; }
    public Map<String, List<String>> extraHeaders() { return extraHeaders; }
    public boolean forceNew() { return forceNew; }
    public boolean multiplex() { return multiplex; }
    public int retries() { return retries; }
    /** The default ack timeout, or null when acks wait forever. */
    public Duration ackTimeout() { return ackTimeout; }
    /** The SSLContext for https/wss, or null for the JVM default. */
    public SSLContext sslContext() { return sslContext; }
    public boolean insecureTrustAll() { return insecureTrustAll; }
    /** Whether cookies set by the server are kept for the session and sent back. */
    public boolean withCredentials() { return withCredentials; }
    /** Whether permessage-deflate is offered on WebSocket connections. */
    public boolean perMessageDeflate() { return perMessageDeflate; }
    /** WebSocket messages smaller than this are never compressed. */
    public int perMessageDeflateThreshold() { return perMessageDeflateThreshold; }
    public int maxIncomingBytes() { return maxIncomingBytes; }
    public int maxPacketsPerPayload() { return maxPacketsPerPayload; }
    /** The shared runtime (threads, manager cache), or null for a private one per manager. */
    public ClientRuntime runtime() { return runtime; }
    /** The ObjectMapper for payloads, or null for the protocol module's default. */
    public ObjectMapper objectMapper() { return objectMapper; }
    /** The limits applied to every packet from the server (the server's defaults). */
    public DecoderLimits decoderLimits() { return decoderLimits; }

    /** A builder prefilled with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.reconnection = reconnection;
        b.reconnectionAttempts = reconnectionAttempts;
        b.reconnectionDelay = reconnectionDelay;
        b.reconnectionDelayMax = reconnectionDelayMax;
        b.randomizationFactor = randomizationFactor;
        b.timeout = timeout;
        b.autoConnect = autoConnect;
        b.transports = transports;
        b.upgrade = upgrade;
        b.rememberUpgrade = rememberUpgrade;
        b.path = path;
        b.query = new LinkedHashMap<>(query);
        b.auth = auth;
        b.extraHeaders = new LinkedHashMap<>(extraHeaders);
        b.forceNew = forceNew;
        b.multiplex = multiplex;
        b.retries = retries;
        b.ackTimeout = ackTimeout;
        b.sslContext = sslContext;
        b.insecureTrustAll = insecureTrustAll;
        b.withCredentials = withCredentials;
        b.perMessageDeflate = perMessageDeflate;
        b.perMessageDeflateThreshold = perMessageDeflateThreshold;
        b.maxIncomingBytes = maxIncomingBytes;
        b.maxPacketsPerPayload = maxPacketsPerPayload;
        b.runtime = runtime;
        b.objectMapper = objectMapper;
        b.decoderLimits = decoderLimits;
        return b;
    }

    /** Builds {@link ClientOptions}; not thread-safe. Every setter documents its default. */
    public static final class Builder {
        private boolean reconnection = true;
        private int reconnectionAttempts = Integer.MAX_VALUE;
        private Duration reconnectionDelay = Duration.ofSeconds(1);
        private Duration reconnectionDelayMax = Duration.ofSeconds(5);
        private double randomizationFactor = 0.5;
        private Duration timeout = Duration.ofSeconds(20);
        private boolean autoConnect = true;
        private List<Transport> transports = List.of(Transport.POLLING, Transport.WEBSOCKET);
        private boolean upgrade = true;
        private boolean rememberUpgrade;
        private String path = "/socket.io";
        private Map<String, String> query = new LinkedHashMap<>();
        private Supplier<?> auth;
        private Map<String, List<String>> extraHeaders = new LinkedHashMap<>();
        private boolean forceNew;
        private boolean multiplex = true;
        private int retries;
        private Duration ackTimeout;
        private SSLContext sslContext;
        private boolean insecureTrustAll;
        private boolean withCredentials;
        private boolean perMessageDeflate = true;
        private int perMessageDeflateThreshold = 1024;
        private int maxIncomingBytes = 10_000_000;
        private int maxPacketsPerPayload = 10_000;
        private ClientRuntime runtime;
        private ObjectMapper objectMapper;
        private DecoderLimits decoderLimits = DecoderLimits.defaults();

        private Builder() {
        }

        /** Reconnect automatically after a lost connection. Default true. */
        public Builder reconnection(boolean on) { reconnection = on; return this; }
        /** Attempts before "reconnect_failed". Default unlimited. */
        public Builder reconnectionAttempts(int attempts) { reconnectionAttempts = attempts; return this; }
        /** First backoff delay, doubled on each attempt. Default 1 s. */
        public Builder reconnectionDelay(Duration d) { reconnectionDelay = d; return this; }
        /** Upper bound of the backoff delay. Default 5 s. */
        public Builder reconnectionDelayMax(Duration d) { reconnectionDelayMax = d; return this; }
        /** Jitter in [0, 1]: each delay is moved by up to this fraction. Default 0.5. */
        public Builder randomizationFactor(double f) { randomizationFactor = f; return this; }
        /** How long the engine connection may take to open before "timeout". Default 20 s. */
        public Builder timeout(Duration d) { timeout = d; return this; }
        /** Connect as soon as a socket is created. Default true. */
        public Builder autoConnect(boolean on) { autoConnect = on; return this; }
        /** Transports in the order tried. Default polling then websocket. */
        public Builder transports(Transport... list) { transports = List.of(list); return this; }
        /** Try to upgrade from polling to websocket. Default true. */
        public Builder upgrade(boolean on) { upgrade = on; return this; }
        /** Start with websocket when a previous websocket connection of this manager worked. Default false. */
        public Builder rememberUpgrade(boolean on) { rememberUpgrade = on; return this; }
        /** The server path. Default "/socket.io". */
        public Builder path(String p) { path = p; return this; }
        /** Query parameters sent with every request (added to those of the URI). Default none. */
        public Builder query(Map<String, String> q) { query = new LinkedHashMap<>(q); return this; }
        /** Adds one query parameter (see {@link #query(Map)}). Default none. */
        public Builder query(String name, String value) { query.put(name, value); return this; }
        /** A fixed auth payload sent with each namespace CONNECT (any JSON-able value). Default none. */
        public Builder auth(Object value) {
            Objects.requireNonNull(value, "value");
            auth = value instanceof Supplier<?> s ? s : () -> value;
            return this;
        }
        /** An auth payload computed again for every connect and reconnect, on the event loop (must not block). Default none. */
        public Builder auth(Supplier<?> supplier) { auth = Objects.requireNonNull(supplier, "supplier"); return this; }
        /** Adds a header sent with every HTTP request and the WebSocket handshake. Default none. */
        public Builder extraHeader(String name, String value) {
            extraHeaders.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            return this;
        }
        /** Replaces the extra headers (see {@link #extraHeader}). Default none. */
        public Builder extraHeaders(Map<String, List<String>> headers) { extraHeaders = new LinkedHashMap<>(headers); return this; }
        /** Always make a new manager (no reuse from the runtime's cache). Default false. */
        public Builder forceNew(boolean on) { forceNew = on; return this; }
        /** Reuse one manager per server for sockets of different namespaces. Default true. */
        public Builder multiplex(boolean on) { multiplex = on; return this; }
        /** Resend an unacknowledged emit up to this many times, in order. Default 0 (off). */
        public Builder retries(int n) { retries = n; return this; }
        /** Default ack timeout for emits with an ack (and for retries). Default none. */
        public Builder ackTimeout(Duration d) { ackTimeout = d; return this; }
        /** The SSLContext for https/wss. Default the JVM's. */
        public Builder sslContext(SSLContext ctx) { sslContext = ctx; return this; }
        /**
         * Turns every check of the server's certificate off: any certificate, for any host,
         * signed by anyone, is accepted, so anyone on the path can read and change the traffic.
         * For development against a self-signed certificate only; each manager made with it logs
         * a warning. Default false: the chain must be trusted ({@link #sslContext}, else the
         * JVM's trust store) and must name the host of the URL. {@link #sslContext}'s trust
         * (and key) managers are not used when this is on.
         */
        public Builder insecureTrustAll(boolean on) { insecureTrustAll = on; return this; }
        /**
         * Keep the cookies the server sets (e.g. a load balancer's sticky-session cookie, or the
         * server's {@code io} cookie) for the Engine.IO session and send them back with each of
         * its requests, as engine.io-client's {@code withCredentials} does in Node. Each new
         * session (a reconnection) starts with an empty jar. Default false.
         */
        public Builder withCredentials(boolean on) { withCredentials = on; return this; }
        /**
         * Offer permessage-deflate on WebSocket handshakes; when the server accepts, emits with
         * {@code compress(true)} (the default) of at least {@link #perMessageDeflateThreshold}
         * bytes are compressed. Default true, as the JS client in Node.
         */
        public Builder perMessageDeflate(boolean on) { perMessageDeflate = on; return this; }
        /** Smallest WebSocket message that is compressed. Default 1024 bytes. */
        public Builder perMessageDeflateThreshold(int bytes) { perMessageDeflateThreshold = bytes; return this; }
        /** Largest HTTP body or WebSocket message accepted from the server. Default 10 MB. */
        public Builder maxIncomingBytes(int n) { maxIncomingBytes = n; return this; }
        /** Most packets accepted in one polling response. Default 10,000. */
        public Builder maxPacketsPerPayload(int n) { maxPacketsPerPayload = n; return this; }
        /** Share threads and managers with other clients. Default a private runtime per manager. */
        public Builder runtime(ClientRuntime r) { runtime = r; return this; }
        /** The ObjectMapper that maps payloads. Default the protocol module's. */
        public Builder objectMapper(ObjectMapper m) { objectMapper = m; return this; }
        /** Limits on packets from the server (attachments, depth, lengths). Default {@link DecoderLimits#defaults()}. */
        public Builder decoderLimits(DecoderLimits limits) { decoderLimits = Objects.requireNonNull(limits, "limits"); return this; }

        /** Validates and builds. @throws IllegalArgumentException on an invalid value */
        public ClientOptions build() {
            require(reconnectionAttempts >= 0, "reconnectionAttempts must be >= 0");
            requirePositive(reconnectionDelay, "reconnectionDelay");
            requirePositive(reconnectionDelayMax, "reconnectionDelayMax");
            require(randomizationFactor >= 0 && randomizationFactor <= 1, "randomizationFactor must be in [0, 1]");
            requirePositive(timeout, "timeout");
            require(!transports.isEmpty(), "transports must not be empty");
            require(transports.stream().distinct().count() == transports.size(), "transports repeat");
            require(path != null && path.startsWith("/"), "path must start with /");
            require(retries >= 0, "retries must be >= 0");
            if (ackTimeout != null) {
                requirePositive(ackTimeout, "ackTimeout");
            }
            require(maxIncomingBytes >= 1024, "maxIncomingBytes must be >= 1024");
            require(perMessageDeflateThreshold >= 0, "perMessageDeflateThreshold must be >= 0");
            require(maxPacketsPerPayload >= 1, "maxPacketsPerPayload must be >= 1");
            return new ClientOptions(this);
        }

        private static void requirePositive(Duration d, String name) {
            require(d != null && !d.isNegative() && !d.isZero(), name + " must be positive");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
