package dev.sio4j.redis;

import dev.sio4j.adapter.cluster.ClusterAdapterOptions;
import dev.sio4j.redis.internal.RedisTarget;
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
public final class ShardedRedisAdapterOptions {

    private final String redisUri;
    private final RedisClient client;
    private final Duration maxReconnectDelay;
    private final Duration commandTimeout;
    private final String channelPrefix;
    private final SubscriptionMode subscriptionMode;
    private final ClusterAdapterOptions cluster;

    private ShardedRedisAdapterOptions(Builder b, ClusterAdapterOptions cluster) {
        this.redisUri = b.redisUri;
        this.client = b.client;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.commandTimeout = b.commandTimeout;
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

    /** How long a command may go unanswered; default 5 s. */
    public Duration commandTimeout() {
        return commandTimeout;
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
    public static final class Builder {
        private final String redisUri;
        private final RedisClient client;
        private Duration maxReconnectDelay = RedisTarget.DEFAULT_MAX_RECONNECT_DELAY;
        private Duration commandTimeout = RedisTarget.DEFAULT_COMMAND_TIMEOUT;
        private final ClusterAdapterOptions.Builder cluster = ClusterAdapterOptions.builder().heartbeats(false);
        private String channelPrefix = "socket.io";
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

        private Builder(String redisUri, RedisClient client) {
            this.redisUri = redisUri;
            this.client = client;
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

        /** See {@link RedisAdapterOptions.Builder#maxReconnectDelay}. */
        public Builder maxReconnectDelay(Duration value) {
            this.maxReconnectDelay = Objects.requireNonNull(value, "maxReconnectDelay");
            return this;
        }

        /** See {@link RedisAdapterOptions.Builder#commandTimeout}. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = Objects.requireNonNull(value, "commandTimeout");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException for an unparseable URI, an empty prefix, a
         *     non-positive duration, or a heartbeat timeout not above the interval
         */
        public ShardedRedisAdapterOptions build() {
            RedisTarget.check(redisUri, maxReconnectDelay, commandTimeout);
            if (channelPrefix.isEmpty()) {
                throw new IllegalArgumentException("channelPrefix must not be empty");
            }
            return new ShardedRedisAdapterOptions(this, cluster.build());
        }
    }
}
