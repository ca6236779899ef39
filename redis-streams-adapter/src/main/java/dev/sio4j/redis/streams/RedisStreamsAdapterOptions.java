// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link RedisStreamsAdapter}, with the defaults of @socket.io/redis-streams-adapter
 * (every node of a cluster must use the same {@code streamName}, {@code streamCount},
 * {@code channelPrefix}, {@code useShardedPubSub} and {@code sessionKeyPrefix}):
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><td>{@code streamName}</td><td>{@code socket.io}</td><td>the Redis stream (or the prefix of the streams)</td></tr>
 *   <tr><td>{@code streamCount}</td><td>1</td><td>streams {@code <streamName>-0 ... -<n-1>}, a namespace per stream
 *       (see the caveat in {@link Builder#streamCount})</td></tr>
 *   <tr><td>{@code channelPrefix}</td><td>{@code socket.io}</td><td>Pub/Sub channels {@code <prefix>#<nsp>#} and
 *       {@code <prefix>#<nsp>#<uid>#}</td></tr>
 *   <tr><td>{@code useShardedPubSub}</td><td>false</td><td>SSUBSCRIBE / SPUBLISH (Redis 7) instead of Pub/Sub</td></tr>
 *   <tr><td>{@code maxLen}</td><td>10000</td><td>{@code XADD ... MAXLEN ~ maxLen}: about how many entries the stream keeps</td></tr>
 *   <tr><td>{@code readCount}</td><td>100</td><td>{@code XREAD COUNT}</td></tr>
 *   <tr><td>{@code blockTime}</td><td>5 s</td><td>{@code XREAD BLOCK}</td></tr>
 *   <tr><td>{@code sessionKeyPrefix}</td><td>{@code sio:session:}</td><td>keys of the sessions kept for connection
 *       state recovery</td></tr>
 *   <tr><td>{@code requestsTimeout}</td><td>5 s</td><td>how long fetchSockets and serverSideEmitWithAck wait for
 *       the other nodes</td></tr>
 *   <tr><td>{@code commandTimeout}</td><td>2 s</td><td>a Redis command's answer, and the connect (own client only)</td></tr>
 *   <tr><td>{@code maxReconnectDelay}</td><td>500 ms</td><td>the longest wait between two reconnect attempts
 *       while Redis is away (own client only; the first waits 10 ms, then it doubles)</td></tr>
 * </table>
 *
 * <pre>{@code
 * RedisStreamsAdapterOptions.builder("redis://127.0.0.1:6379").build();
 * RedisStreamsAdapterOptions.builder(myLettuceClient).maxLen(50_000).build();   // the application's client
 * }</pre>
 *
 * <p>With a Lettuce client of the application's own, its options apply (the adapter never
 * changes them): to fail fast while Redis is away it should reject commands when disconnected
 * ({@code DisconnectedBehavior.REJECT_COMMANDS}; the adapter checks the connection before each
 * command anyway), and a fixed command timeout, if any, must be longer than {@code blockTime}.
 * The adapter does not shut that client down.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisStreamsAdapterOptions {

    private final RedisURI uri;
    private final RedisClient client;
    private final String streamName;
    private final int streamCount;
    private final String channelPrefix;
    private final boolean useShardedPubSub;
    private final long maxLen;
    private final int readCount;
    private final Duration blockTime;
    private final String sessionKeyPrefix;
    private final Duration requestsTimeout;
    private final Duration commandTimeout;
    private final Duration maxReconnectDelay;

    private RedisStreamsAdapterOptions(Builder b) {
        this.uri = b.uri;
        this.client = b.client;
        this.streamName = b.streamName;
        this.streamCount = b.streamCount;
        this.channelPrefix = b.channelPrefix;
        this.useShardedPubSub = b.useShardedPubSub;
        this.maxLen = b.maxLen;
        this.readCount = b.readCount;
        this.blockTime = b.blockTime;
        this.sessionKeyPrefix = b.sessionKeyPrefix;
        this.requestsTimeout = b.requestsTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxReconnectDelay = b.maxReconnectDelay;
    }

    /**
     * A builder for a Redis at {@code redisUri} ({@code redis://host:port}, {@code rediss://...},
     * with a password or database as Lettuce's {@code RedisURI} reads them); the adapter makes
     * and owns its Lettuce client.
     *
     * @throws IllegalArgumentException when the URI cannot be read
     */
    public static Builder builder(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        return new Builder(RedisURI.create(redisUri), null);
    }

    /** A builder using the application's own Lettuce client (with its default URI); see the class comment. */
    public static Builder builder(RedisClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    /** The URI given to {@link #builder(String)}, or null with an application's client. */
    public RedisURI uri() {
        return uri;
    }

    /** The application's client given to {@link #builder(RedisClient)}, or null. */
    public RedisClient client() {
        return client;
    }

    /** The stream's name, or the prefix of the streams' names; default {@code socket.io}. */
    public String streamName() {
        return streamName;
    }

    /** How many streams; default 1. */
    public int streamCount() {
        return streamCount;
    }

    /** The prefix of the Pub/Sub channels; default {@code socket.io}. */
    public String channelPrefix() {
        return channelPrefix;
    }

    /** Whether requests and responses use sharded Pub/Sub (Redis 7); default false. */
    public boolean useShardedPubSub() {
        return useShardedPubSub;
    }

    /** The approximate length the stream is trimmed to on every XADD; default 10000. */
    public long maxLen() {
        return maxLen;
    }

    /** How many entries one XREAD fetches at most; default 100. */
    public int readCount() {
        return readCount;
    }

    /** How long one XREAD waits for new entries; default 5 s. */
    public Duration blockTime() {
        return blockTime;
    }

    /** The prefix of the session keys (connection state recovery); default {@code sio:session:}. */
    public String sessionKeyPrefix() {
        return sessionKeyPrefix;
    }

    /** How long fetchSockets and serverSideEmitWithAck wait for the other nodes; default 5 s. */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /** How long a command may take (own client only); default 2 s. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The longest wait between reconnect attempts (own client only); default 500 ms. */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /**
     * The stream of namespace {@code nsp}: {@code streamName} with one stream, else
     * {@code streamName-i} where i is {@code nsp.hashCode() % streamCount} as the official
     * adapter computes it (JavaScript's 32-bit string hash equals Java's, and the sign is kept).
     */
    public String streamOf(String nsp) {
        return streamCount == 1 ? streamName : streamName + "-" + (nsp.hashCode() % streamCount);
    }

    /** Builds {@link RedisStreamsAdapterOptions}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final RedisURI uri;
        private final RedisClient client;
        private String streamName = "socket.io";
        private int streamCount = 1;
        private String channelPrefix = "socket.io";
        private boolean useShardedPubSub;
        private long maxLen = 10_000;
        private int readCount = 100;
        private Duration blockTime = Duration.ofSeconds(5);
        private String sessionKeyPrefix = "sio:session:";
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration maxReconnectDelay = Duration.ofMillis(500);

        private Builder(RedisURI uri, RedisClient client) {
            this.uri = uri;
            this.client = client;
        }

        /** See {@link RedisStreamsAdapterOptions#streamName()}. */
        public Builder streamName(String value) {
            this.streamName = Objects.requireNonNull(value, "streamName");
            return this;
        }

        /**
         * See {@link RedisStreamsAdapterOptions#streamCount()}. Caveat, from the official
         * adapter: a namespace whose name hashes to a negative number is written to a stream with
         * a negative index ({@code socket.io--2}), which official nodes never read, so its
         * cluster messages reach no official node. sio4j nodes write where official ones do and
         * also read those streams, so among sio4j nodes every namespace works; in a mixed cluster
         * keep {@code streamCount} at 1 or use namespaces with a non-negative index (a warning is
         * logged for the others).
         */
        public Builder streamCount(int value) {
            this.streamCount = value;
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#channelPrefix()}. */
        public Builder channelPrefix(String value) {
            this.channelPrefix = Objects.requireNonNull(value, "channelPrefix");
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#useShardedPubSub()}. */
        public Builder useShardedPubSub(boolean value) {
            this.useShardedPubSub = value;
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#maxLen()}. */
        public Builder maxLen(long value) {
            this.maxLen = value;
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#readCount()}. */
        public Builder readCount(int value) {
            this.readCount = value;
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#blockTime()}. */
        public Builder blockTime(Duration value) {
            this.blockTime = Objects.requireNonNull(value, "blockTime");
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#sessionKeyPrefix()}. */
        public Builder sessionKeyPrefix(String value) {
            this.sessionKeyPrefix = Objects.requireNonNull(value, "sessionKeyPrefix");
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#requestsTimeout()}. */
        public Builder requestsTimeout(Duration value) {
            this.requestsTimeout = Objects.requireNonNull(value, "requestsTimeout");
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#commandTimeout()}. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = Objects.requireNonNull(value, "commandTimeout");
            return this;
        }

        /** See {@link RedisStreamsAdapterOptions#maxReconnectDelay()}. */
        public Builder maxReconnectDelay(Duration value) {
            this.maxReconnectDelay = Objects.requireNonNull(value, "maxReconnectDelay");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException for an empty stream name, a count, length or duration
         *     that is not positive, or an application client whose fixed command timeout is not
         *     longer than {@code blockTime}
         */
        public RedisStreamsAdapterOptions build() {
            if (streamName.isEmpty()) {
                throw new IllegalArgumentException("streamName must not be empty");
            }
            positive(streamCount, "streamCount");
            positive(maxLen, "maxLen");
            positive(readCount, "readCount");
            positive(blockTime, "blockTime");
            positive(requestsTimeout, "requestsTimeout");
            positive(commandTimeout, "commandTimeout");
            positive(maxReconnectDelay, "maxReconnectDelay");
            if (client != null) {
                Duration t = fixedXreadTimeout(client);
                if (t != null && t.compareTo(blockTime) <= 0) {
                    throw new IllegalArgumentException("the client's command timeout (" + t
                            + ") must be longer than blockTime (" + blockTime + ")");
                }
            }
            return new RedisStreamsAdapterOptions(this);
        }

        /** The timeout the client would give an XREAD, or null when it has none of its own. */
        private static Duration fixedXreadTimeout(RedisClient client) {
            TimeoutOptions t = client.getOptions().getTimeoutOptions();
            if (!t.isTimeoutCommands() || t.isApplyConnectionTimeout()) {
                return null;
            }
            long value = t.getSource().getTimeout(new Command<>(CommandType.XREAD, null));
            return value <= 0 ? null : Duration.ofNanos(t.getSource().getTimeUnit().toNanos(value));
        }

        private static void positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
        }

        private static void positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
