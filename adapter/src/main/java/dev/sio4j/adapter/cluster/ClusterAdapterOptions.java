// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link ClusterAdapter}, with socket.io-adapter's defaults: requests
 * ({@code fetchSockets}, {@code serverSideEmitWithAck} without a timeout of its own) time out
 * after 5 s; heartbeats every 5 s, a node forgotten after 10 s without any message from it.
 *
 * <pre>{@code
 * ClusterAdapterOptions.builder().requestsTimeout(Duration.ofSeconds(2)).build();
 * ClusterAdapterOptions.builder().heartbeats(false).build();   // membership from the transport only
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterAdapterOptions {

    /** socket.io-adapter's defaults. */
    public static final ClusterAdapterOptions DEFAULTS = builder().build();

    private final Duration requestsTimeout;
    private final boolean heartbeats;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;

    private ClusterAdapterOptions(Builder b) {
        this.requestsTimeout = b.requestsTimeout;
        this.heartbeats = b.heartbeats;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a cluster request waits for the other nodes; default 5 s. */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /** Whether the adapter sends heartbeats and tracks the nodes it hears from; default true. */
    public boolean heartbeats() {
        return heartbeats;
    }

    /** The time between two heartbeats of an idle node; default 5 s. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How long a silent node is still counted; default 10 s. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** Builds {@link ClusterAdapterOptions}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private boolean heartbeats = true;
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** See {@link ClusterAdapterOptions#requestsTimeout()}. */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = Objects.requireNonNull(value, "requestsTimeout");
            return this;
        }

        /** See {@link ClusterAdapterOptions#heartbeats()}. */
        public Builder heartbeats(boolean value) {
            this.heartbeats = value;
            return this;
        }

        /** See {@link ClusterAdapterOptions#heartbeatInterval()}. */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = Objects.requireNonNull(value, "heartbeatInterval");
            return this;
        }

        /** See {@link ClusterAdapterOptions#heartbeatTimeout()}. */
        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = Objects.requireNonNull(value, "heartbeatTimeout");
            return this;
        }

        /** The options; throws IllegalArgumentException for non-positive durations or a timeout not above the interval. */
        public ClusterAdapterOptions build() {
            positive(requestsTimeout, "requestsTimeout");
            positive(heartbeatInterval, "heartbeatInterval");
            positive(heartbeatTimeout, "heartbeatTimeout");
            if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout
                        + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
            }
            return new ClusterAdapterOptions(this);
        }

        private static void positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
