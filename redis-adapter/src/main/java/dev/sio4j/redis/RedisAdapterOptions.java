// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import dev.sio4j.redis.internal.RedisTarget;
import io.lettuce.core.RedisClient;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the classic Redis adapter ({@link RedisAdapter#classic}), with the defaults of
 * {@code @socket.io/redis-adapter} 8.x's {@code createAdapter}:
 * <ul>
 *   <li>{@code key} {@code "socket.io"}: the channel prefix ({@code socket.io#/#},
 *       {@code socket.io-request#/#}, ...); every node of a cluster must use the same;</li>
 *   <li>{@code requestsTimeout} 5 s: how long {@code fetchSockets}, {@code allRooms} and
 *       {@code serverSideEmitWithAck} (without a timeout of its own) wait for the other nodes;</li>
 *   <li>{@code publishOnSpecificResponseChannel} false: answers to other nodes' requests go to the
 *       shared {@code socket.io-response#<nsp>#} channel; true sends them to the requester's own
 *       {@code socket.io-response#<nsp>#<uid>#} (every node listens on both);</li>
 * </ul>
 * and the connection's:
 * <ul>
 *   <li>{@code maxReconnectDelay} 200 ms: after Redis went away, reconnect attempts start after
 *       10 ms and double up to this;</li>
 *   <li>{@code commandTimeout} 5 s: a command Redis does not answer fails after this (also the
 *       connect timeout).</li>
 * </ul>
 * The two connection settings apply to the client the adapter makes from a URI; with
 * {@link #builder(RedisClient) an application's own client} its options and resources apply
 * (configure {@code DisconnectedBehavior.REJECT_COMMANDS} and a short {@code reconnectDelay}
 * there).
 *
 * <pre>{@code
 * RedisAdapterOptions options = RedisAdapterOptions.builder("redis://localhost:6379")
 *         .requestsTimeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisAdapterOptions extends RedisConnectionOptions {

    private final String key;
    private final Duration requestsTimeout;
    private final boolean publishOnSpecificResponseChannel;

    private RedisAdapterOptions(Builder b) {
        super(b);
        this.key = b.key;
        this.requestsTimeout = b.requestsTimeout;
        this.publishOnSpecificResponseChannel = b.publishOnSpecificResponseChannel;
    }

    /** A builder for Redis at {@code redisUri} ({@code redis://host:port}, {@code rediss://...}, Lettuce's URI syntax). */
    public static Builder builder(String redisUri) {
        return new Builder(Objects.requireNonNull(redisUri, "redisUri"), null);
    }

    /**
     * A builder using the application's own Lettuce client (its default URI, options and
     * resources); the adapter opens its two connections from it and never shuts it down.
     */
    public static Builder builder(RedisClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    /** The channel prefix; default {@code "socket.io"}. */
    public String key() {
        return key;
    }

    /** How long cluster requests wait for the other nodes; default 5 s. */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /** Whether answers go to the requester's own response channel; default false. */
    public boolean publishOnSpecificResponseChannel() {
        return publishOnSpecificResponseChannel;
    }

    /** Builds {@link RedisAdapterOptions}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder extends RedisConnectionOptions.Builder<Builder> {
        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private boolean publishOnSpecificResponseChannel;

        private Builder(String redisUri, RedisClient client) {
            super(redisUri, client);
        }

        @Override
        Builder self() {
            return this;
        }

        /** See {@link RedisAdapterOptions#key()}. */
        public Builder key(String value) {
            this.key = Objects.requireNonNull(value, "key");
            return this;
        }

        /** See {@link RedisAdapterOptions#requestsTimeout()}. */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = Objects.requireNonNull(value, "requestsTimeout");
            return this;
        }

        /** See {@link RedisAdapterOptions#publishOnSpecificResponseChannel()}. */
        public Builder publishOnSpecificResponseChannel(boolean value) {
            this.publishOnSpecificResponseChannel = value;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException for an unparseable URI, an empty key, or a
         *     non-positive duration
         */
        public RedisAdapterOptions build() {
            checkConnection();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("key must not be empty");
            }
            RedisTarget.positive(requestsTimeout, "requestsTimeout");
            return new RedisAdapterOptions(this);
        }
    }
}
