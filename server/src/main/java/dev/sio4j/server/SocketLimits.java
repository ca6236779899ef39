// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.RateLimit;
import java.util.Objects;

/**
 * Limits on what one socket (one client in one namespace) may send, and on how many connections
 * one user may hold. Defaults:
 * <ul>
 *   <li>{@code maxArgumentsPerEvent} 100 (sio4j): an event or ack with more arguments is dropped;
 *       0 = no limit. Far above what any API takes, far below what a 1 MB packet can hold.</li>
 *   <li>{@code eventsPerSecond} off, {@code bytesPerSecond} off (as in socket.io, which has no
 *       such limit): token buckets per socket, on incoming events (and, for bytes, acks); see
 *       docs/SECURITY.md for recommended values. Bytes count as {@code maxHttpBufferSize} does:
 *       the characters of a text packet plus the bytes of its binary attachments.</li>
 *   <li>{@code onViolation} {@link LimitAction#DROP}: the event is dropped and the socket's error
 *       listeners get a {@link SocketLimitException}; {@code disconnectAfterViolations} 0 (never)
 *       disconnects the socket once it has had that many violations.</li>
 *   <li>{@code maxConnectionsPerUser} 50 (sio4j): once a socket has an identity
 *       ({@link Socket#setIdentity}, or {@code AllowRequest.Decision.allowAs} at the handshake),
 *       the Engine.IO connections one identity holds on this server are counted, and a namespace
 *       CONNECT that would make it more is refused with CONNECT_ERROR
 *       {@code {"message":"Too many connections"}}; 0 = no limit. Several namespaces on one
 *       connection count once. A person with many tabs and devices stays far below; a leaked
 *       token replayed from many machines does not. Per server: a cluster counts per node.</li>
 * </ul>
 * Every violation is counted as {@link dev.sio4j.engine.RefusalCause#LIMIT}.
 *
 * <pre>{@code
 * SocketIoServer.builder().options(o -> o.socketLimits(SocketLimits.builder()
 *         .eventsPerSecond(RateLimit.perSecond(50).withBurst(100))
 *         .bytesPerSecond(RateLimit.perSecond(256 * 1024).withBurst(1_000_000))
 *         .disconnectAfterViolations(100)
 *         .build()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketLimits {

    private static final SocketLimits DEFAULTS = builder().build();

    private final int maxArgumentsPerEvent;
    private final RateLimit eventsPerSecond;
    private final RateLimit bytesPerSecond;
    private final LimitAction onViolation;
    private final int disconnectAfterViolations;
    private final int maxConnectionsPerUser;

    private SocketLimits(Builder b) {
        this.maxArgumentsPerEvent = b.maxArgumentsPerEvent;
        this.eventsPerSecond = b.eventsPerSecond;
        this.bytesPerSecond = b.bytesPerSecond;
        this.onViolation = b.onViolation;
        this.disconnectAfterViolations = b.disconnectAfterViolations;
        this.maxConnectionsPerUser = b.maxConnectionsPerUser;
    }

    public static SocketLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxArgumentsPerEvent = maxArgumentsPerEvent;
        b.eventsPerSecond = eventsPerSecond;
        b.bytesPerSecond = bytesPerSecond;
        b.onViolation = onViolation;
        b.disconnectAfterViolations = disconnectAfterViolations;
        b.maxConnectionsPerUser = maxConnectionsPerUser;
        return b;
    }

    /** Arguments one incoming event or ack may carry; 0 = no limit. */
    public int maxArgumentsPerEvent() { return maxArgumentsPerEvent; }
    /** Incoming events per socket, or null (off). */
    public RateLimit eventsPerSecond() { return eventsPerSecond; }
    /** Incoming event and ack bytes per socket, or null (off). */
    public RateLimit bytesPerSecond() { return bytesPerSecond; }
    /** What a violation does. */
    public LimitAction onViolation() { return onViolation; }
    /** With {@link LimitAction#DROP}: violations after which the socket is disconnected; 0 = never. */
    public int disconnectAfterViolations() { return disconnectAfterViolations; }
    /** Engine.IO connections one identity may hold; 0 = no limit. */
    public int maxConnectionsPerUser() { return maxConnectionsPerUser; }

    /** Builds {@link SocketLimits}; not thread-safe. */
    public static final class Builder {
        private int maxArgumentsPerEvent = 100;
        private RateLimit eventsPerSecond;
        private RateLimit bytesPerSecond;
        private LimitAction onViolation = LimitAction.DROP;
        private int disconnectAfterViolations;
        private int maxConnectionsPerUser = 50;

        private Builder() {
        }

        public Builder maxArgumentsPerEvent(int max) { maxArgumentsPerEvent = atLeastZero(max, "maxArgumentsPerEvent"); return this; }
        /** Turns the per-socket event rate on; null turns it off. */
        public Builder eventsPerSecond(RateLimit rate) { eventsPerSecond = rate; return this; }
        /** Turns the per-socket byte rate on; null turns it off. */
        public Builder bytesPerSecond(RateLimit rate) { bytesPerSecond = rate; return this; }
        public Builder onViolation(LimitAction action) { onViolation = Objects.requireNonNull(action, "action"); return this; }
        public Builder disconnectAfterViolations(int n) { disconnectAfterViolations = atLeastZero(n, "disconnectAfterViolations"); return this; }
        public Builder maxConnectionsPerUser(int max) { maxConnectionsPerUser = atLeastZero(max, "maxConnectionsPerUser"); return this; }

        public SocketLimits build() {
            return new SocketLimits(this);
        }

        private static int atLeastZero(int v, String name) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must be >= 0");
            }
            return v;
        }
    }
}
