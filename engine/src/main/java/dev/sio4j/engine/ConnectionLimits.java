// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

/**
 * Limits on what one client address and one session may cost, on by default with values no
 * legitimate client comes near. A refused handshake gets HTTP 429 with engine.io's error body
 * {@code {"code":4,"message":"Too many requests"}} (and {@code Retry-After} when the handshake
 * rate was hit), is reported as a {@link ConnectionError} with cause
 * {@link RefusalCause#LIMIT}, and sessions already open are untouched.
 *
 * <ul>
 *   <li>{@code maxConnectionsPerIp} 1000: open sessions per client address; 0 = no limit.
 *       Generous for a whole office or school behind one NAT (every browser tab is a session);
 *       it stops one address from holding tens of thousands of sessions.</li>
 *   <li>{@code handshakesPerIp} 100 per second, burst 1000: new sessions per client address (a
 *       token bucket); null = no limit. A NAT full of clients reconnecting at once after a
 *       restart fits in the burst; a client cycling sessions to burn CPU does not.</li>
 *   <li>{@code limitLoopback} false: the two limits above do not apply to loopback addresses,
 *       so that benchmarks and tests with thousands of local clients, and a local reverse proxy
 *       that is not configured as trusted (all its clients look like 127.0.0.1), are not
 *       throttled as one client. With {@link EngineOptions#trustedProxies() trusted proxies}
 *       the forwarded client address is what counts, loopback or not.</li>
 *   <li>{@code controlPacketsPerSession} 20 per second, burst 100: pongs, noops and other
 *       packets with no use on an open session (and WebSocket ping and pong frames, per
 *       connection); null = no limit. A client pongs once per pingInterval (25 s by default);
 *       past the limit the session is closed ({@link CloseReason#TRANSPORT_ERROR}, or 1008 on a
 *       WebSocket's own ping flood): a ping/pong flood cannot keep a loop busy.</li>
 * </ul>
 *
 * <p>IPv6 clients are counted per /64 network, the smallest block an ISP hands out, since one
 * host can use every address in it. Idle entries (no open session, a full bucket) are dropped,
 * so clients cycling through addresses cannot grow the limiter's memory.
 *
 * <pre>{@code
 * EngineOptions.builder().connectionLimits(ConnectionLimits.builder()
 *         .maxConnectionsPerIp(50)
 *         .handshakesPerIp(RateLimit.perSecond(5).withBurst(20))
 *         .limitLoopback(true)
 *         .build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectionLimits {

    private static final ConnectionLimits DEFAULTS = builder().build();
    private static final ConnectionLimits NONE = builder().maxConnectionsPerIp(0).handshakesPerIp(null)
            .controlPacketsPerSession(null).build();

    private final int maxConnectionsPerIp;
    private final RateLimit handshakesPerIp;
    private final boolean limitLoopback;
    private final RateLimit controlPacketsPerSession;

    private ConnectionLimits(Builder b) {
        this.maxConnectionsPerIp = b.maxConnectionsPerIp;
        this.handshakesPerIp = b.handshakesPerIp;
        this.limitLoopback = b.limitLoopback;
        this.controlPacketsPerSession = b.controlPacketsPerSession;
    }

    /** The defaults listed above. */
    public static ConnectionLimits defaults() {
        return DEFAULTS;
    }

    /** No limit at all (for a server behind something that limits already). */
    public static ConnectionLimits none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxConnectionsPerIp = maxConnectionsPerIp;
        b.handshakesPerIp = handshakesPerIp;
        b.limitLoopback = limitLoopback;
        b.controlPacketsPerSession = controlPacketsPerSession;
        return b;
    }

    /** Open sessions per client address; 0 = no limit. */
    public int maxConnectionsPerIp() { return maxConnectionsPerIp; }
    /** New sessions per client address, or null for no limit. */
    public RateLimit handshakesPerIp() { return handshakesPerIp; }
    /** Whether the per-address limits apply to loopback addresses too. */
    public boolean limitLoopback() { return limitLoopback; }
    /** Control packets (and WebSocket control frames) per session, or null for no limit. */
    public RateLimit controlPacketsPerSession() { return controlPacketsPerSession; }

    /** Whether any per-address limit is on. */
    public boolean limitsAddresses() {
        return maxConnectionsPerIp > 0 || handshakesPerIp != null;
    }

    @Override
    public String toString() {
        return "ConnectionLimits[maxConnectionsPerIp=" + maxConnectionsPerIp + ", handshakesPerIp=" + handshakesPerIp
                + ", limitLoopback=" + limitLoopback + ", controlPacketsPerSession=" + controlPacketsPerSession + "]";
    }

    /** Builds {@link ConnectionLimits}; not thread-safe. */
    public static final class Builder {
        private int maxConnectionsPerIp = 1000;
        private RateLimit handshakesPerIp = RateLimit.perSecond(100).withBurst(1000);
        private boolean limitLoopback;
        private RateLimit controlPacketsPerSession = RateLimit.perSecond(20).withBurst(100);

        private Builder() {
        }

        /** Open sessions per client address (default 1000); 0 turns the limit off. */
        public Builder maxConnectionsPerIp(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnectionsPerIp must be >= 0");
            }
            this.maxConnectionsPerIp = max;
            return this;
        }

        /** New sessions per client address (default 100/s, burst 1000); null turns the limit off. */
        public Builder handshakesPerIp(RateLimit rate) {
            this.handshakesPerIp = rate;
            return this;
        }

        /** Whether loopback addresses are limited too (default false). */
        public Builder limitLoopback(boolean limit) {
            this.limitLoopback = limit;
            return this;
        }

        /** Control packets per session (default 20/s, burst 100); null turns the limit off. */
        public Builder controlPacketsPerSession(RateLimit rate) {
            this.controlPacketsPerSession = rate;
            return this;
        }

        public ConnectionLimits build() {
            return new ConnectionLimits(this);
        }
    }
}
