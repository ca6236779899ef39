// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import dev.sio4j.adapter.cluster.ClusterAdapterOptions;
import io.lettuce.core.RedisClient;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the sharded Redis adapter ({@link RedisAdapter#sharded}, Redis 7's sharded Pub/Sub),
 * with the defaults of {@code @socket.io/redis-adapter} 8.x's {@code createShardedAdapter}:
 * <ul>
 *   <li>{@code channelPrefix} {@code "socket.io"};</li>
 *   <li>{@code subscriptionMode} {@link SubscriptionMode#DYNAMIC};</li>
 *   <li>{@code requestsTimeout} 5 s (fixed in the official adapter): how long
 *       {@code fetchSockets} and {@code serverSideEmitWithAck} wait for the other nodes;</li>
 *   <li>{@code heartbeats} off, as the official adapter sends none: on, this node announces
 *       itself, sends a heartbeat every {@code heartbeatInterval} (5 s) when idle and keeps a
 *       list of the nodes it heard from within {@code heartbeatTimeout} (10 s); official nodes
 *       ignore these messages. The node count for requests always comes from
 *       {@code PUBSUB SHARDNUMSUB}.</li>
 * </ul>
 * {@code maxReconnectDelay} (200 ms) and {@code commandTimeout} (5 s) are as in
 * {@link RedisAdapterOptions}.
 *
 * <pre>{@code
 * ShardedRedisAdapterOptions options = ShardedRedisAdapterOptions.builder("redis://localhost:6379")
 *         .subscriptionMode(SubscriptionMode.STATIC)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ShardedRedisAdapterOptions extends RedisConnectionOptions {

    private final String channelPrefix;
    private final SubscriptionMode subscriptionMode;
    private final ClusterAdapterOptions cluster;

    private ShardedRedisAdapterOptions(Builder b, ClusterAdapterOptions cluster) {
        super(b);
        this.channelPrefix = b.channelPrefix;
        this.subscriptionMode = b.subscriptionMode;
        this.cluster = cluster;
    }

    /** A builder for Redis at {@code redisUri}; see {@link RedisAdapterOptions#builder(String)}. */
    public static Builder builder(String redisUri) {
        return new Builder(Objects.requireNonNull(redisUri, "redisUri"), null);
    }

    /** A builder using the application's own client; see {@link RedisAdapterOptions#builder(RedisClient)}. */
    public static Builder builder(RedisClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    /** The channel prefix; default {@code "socket.io"}. */
    public String channelPrefix() {
        return channelPrefix;
    }

    /** The subscription mode; default {@link SubscriptionMode#DYNAMIC}. */
    public SubscriptionMode subscriptionMode() {
        return subscriptionMode;
    }

    /** How long cluster requests wait for the other nodes; default 5 s. */
    public Duration requestsTimeout() {
        return cluster.requestsTimeout();
    }

    /** Whether heartbeats are sent and nodes tracked; default false. */
    public boolean heartbeats() {
        return cluster.heartbeats();
    }

    /** The options of the cluster adapter base: requests timeout and heartbeats. */
    public ClusterAdapterOptions clusterOptions() {
        return cluster;
    }

    /** Builds {@link ShardedRedisAdapterOptions}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder extends RedisConnectionOptions.Builder<Builder> {
        private final ClusterAdapterOptions.Builder cluster = ClusterAdapterOptions.builder().heartbeats(false);
        private String channelPrefix = "socket.io";
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

        private Builder(String redisUri, RedisClient client) {
            super(redisUri, client);
        }

        @Override
        Builder self() {
            return this;
        }

        /** See {@link ShardedRedisAdapterOptions#channelPrefix()}. */
        public Builder channelPrefix(String value) {
            this.channelPrefix = Objects.requireNonNull(value, "channelPrefix");
            return this;
        }

        /** See {@link ShardedRedisAdapterOptions#subscriptionMode()}. */
        public Builder subscriptionMode(SubscriptionMode value) {
            this.subscriptionMode = Objects.requireNonNull(value, "subscriptionMode");
            return this;
        }

        /** See {@link ShardedRedisAdapterOptions#requestsTimeout()}. */
        public Builder requestsTimeout(Duration value) {
            cluster.requestsTimeout(value);
            return this;
        }

        /** See {@link ShardedRedisAdapterOptions#heartbeats()}. */
        public Builder heartbeats(boolean value) {
            cluster.heartbeats(value);
            return this;
        }

        /** The time between two heartbeats of an idle node; default 5 s. */
        public Builder heartbeatInterval(Duration value) {
            cluster.heartbeatInterval(value);
            return this;
        }

        /** How long a silent node is still counted; default 10 s. */
        public Builder heartbeatTimeout(Duration value) {
            cluster.heartbeatTimeout(value);
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException for an unparseable URI, an empty prefix, a
         *     non-positive duration, or a heartbeat timeout not above the interval
         */
        public ShardedRedisAdapterOptions build() {
            checkConnection();
            if (channelPrefix.isEmpty()) {
                throw new IllegalArgumentException("channelPrefix must not be empty");
            }
            return new ShardedRedisAdapterOptions(this, cluster.build());
        }
    }
}
