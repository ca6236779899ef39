// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import dev.sio4j.redis.internal.RedisTarget;
import io.lettuce.core.RedisClient;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection settings both adapters' options share: a Redis URI or an application's own
 * Lettuce client, and for a client the adapter makes from the URI, {@code maxReconnectDelay}
 * (200 ms) and {@code commandTimeout} (5 s). Immutable and thread-safe.
 */
abstract sealed class RedisConnectionOptions permits RedisAdapterOptions, ShardedRedisAdapterOptions {

    private final String redisUri;
    private final RedisClient client;
    private final Duration maxReconnectDelay;
    private final Duration commandTimeout;

    RedisConnectionOptions(Builder<?> b) {
        this.redisUri = b.redisUri;
        this.client = b.client;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.commandTimeout = b.commandTimeout;
    }

    /** The Redis URI, or null when the application gave its own client. */
    public String redisUri() {
        return redisUri;
    }

    /** The application's own client, or null when the adapter makes one from {@link #redisUri()}. */
    public RedisClient client() {
        return client;
    }

    /** The longest wait between two reconnect attempts; default 200 ms. */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /** How long a command may go unanswered (also the connect timeout); default 5 s. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The connection part of both builders. Not thread-safe. */
    abstract static sealed class Builder<B extends Builder<B>>
            permits RedisAdapterOptions.Builder, ShardedRedisAdapterOptions.Builder {
        private final String redisUri;
        private final RedisClient client;
        private Duration maxReconnectDelay = RedisTarget.DEFAULT_MAX_RECONNECT_DELAY;
        private Duration commandTimeout = RedisTarget.DEFAULT_COMMAND_TIMEOUT;

        Builder(String redisUri, RedisClient client) {
            this.redisUri = redisUri;
            this.client = client;
        }

        abstract B self();

        /**
         * After Redis went away, reconnect attempts start at 10 ms and double up to this; default
         * 200 ms. Only for the client the adapter makes from a URI.
         */
        public B maxReconnectDelay(Duration value) {
            this.maxReconnectDelay = Objects.requireNonNull(value, "maxReconnectDelay");
            return self();
        }

        /** How long a command may go unanswered; default 5 s. Only for the client the adapter makes from a URI. */
        public B commandTimeout(Duration value) {
            this.commandTimeout = Objects.requireNonNull(value, "commandTimeout");
            return self();
        }

        /** Throws IllegalArgumentException for an unparseable URI or a non-positive duration. */
        void checkConnection() {
            RedisTarget.check(redisUri, maxReconnectDelay, commandTimeout);
        }
    }
}
