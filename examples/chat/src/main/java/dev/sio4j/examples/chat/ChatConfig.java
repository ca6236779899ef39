package dev.sio4j.examples.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the chat server runs with, validated once by {@link Builder#build()}.
 *
 * <p>Defaults: host {@code 0.0.0.0}, port 3000, no cross-origin access (a browser page from
 * another origin is refused; pages served by the chat itself and non-browser clients are
 * allowed), a single node (no Redis), connection state recovery off, no diagnostics events.
 * {@code "*"} among the CORS origins opens the server to every origin; it is never a default.
 *
 * <pre>{@code
 * ChatConfig config = ChatConfig.builder().host("127.0.0.1").port(0).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port, 0 for a free one
 * @param corsOrigins origins allowed besides the chat's own ({@code scheme://host[:port]} or {@code *})
 * @param redis       {@code redis://host:port} of the cluster's Redis, or null for a single node
 * @param redisMode   which Redis adapter the cluster's nodes use (all nodes must use the same)
 * @param recovery    whether connection state recovery is on (across nodes with {@link RedisMode#STREAMS})
 * @param diagnostics whether the cluster diagnostics events {@code serverSideHello} and {@code helloCount} exist
 */
public record ChatConfig(String host, int port, List<String> corsOrigins, String redis, RedisMode redisMode,
                         boolean recovery, boolean diagnostics) {

    /** The Redis adapters a chat node can join a cluster with, named as the official npm packages' flavours. */
    public enum RedisMode {
        /** {@code createAdapter} of {@code @socket.io/redis-adapter}: Redis pub/sub. */
        CLASSIC,
        /** {@code createShardedAdapter} of {@code @socket.io/redis-adapter}: Redis 7 sharded pub/sub. */
        SHARDED,
        /** {@code @socket.io/redis-streams-adapter}: a Redis stream, connection state recovery across nodes. */
        STREAMS
    }

    /** The port when neither {@code --port} nor {@code PORT} says otherwise. */
    public static final int DEFAULT_PORT = 3000;

    /** The interface bound by default: every IPv4 interface, as the Node tutorial's server does. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    public ChatConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(corsOrigins, "corsOrigins");
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(redisMode, "redisMode");
    }

    /** Whether every origin may connect ({@code --cors-origin '*'}). */
    public boolean anyOrigin() {
        return corsOrigins.contains("*");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ChatConfig}; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private final List<String> corsOrigins = new ArrayList<>();
        private String redis;
        private RedisMode redisMode = RedisMode.CLASSIC;
        private boolean recovery;
        private boolean diagnostics;

        private Builder() {
        }

        /** The cluster's Redis ({@code redis://host:port}); null (the default) runs a single node. */
        public Builder redis(String uri) {
            this.redis = uri;
            return this;
        }

        /** The Redis adapter; default {@link RedisMode#CLASSIC}. */
        public Builder redisMode(RedisMode mode) {
            this.redisMode = Objects.requireNonNull(mode, "redisMode");
            return this;
        }

        /** Connection state recovery; default off, so the tutorial's wire stays as it is. */
        public Builder recovery(boolean on) {
            this.recovery = on;
            return this;
        }

        /** The diagnostics events {@code serverSideHello} and {@code helloCount}; default off. */
        public Builder diagnostics(boolean on) {
            this.diagnostics = on;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Adds allowed origins; {@code "*"} allows every origin. */
        public Builder corsOrigins(List<String> origins) {
            for (String origin : origins) {
                corsOrigins.add(Objects.requireNonNull(origin, "origin").trim());
            }
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException for a port outside 0..65535, an empty host, an origin
         *                                  that is not {@code *} nor {@code http(s)://host[:port]}, or a
         *                                  Redis address that is not {@code redis://} or {@code rediss://}
         */
        public ChatConfig build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            for (String origin : corsOrigins) {
                if (!origin.equals("*") && !isOrigin(origin)) {
                    throw new IllegalArgumentException("not an origin (scheme://host[:port] or *): '" + origin + "'");
                }
            }
            if (redis != null && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
                throw new IllegalArgumentException("not a Redis address (redis://host:port): '" + redis + "'");
            }
            return new ChatConfig(host, port, corsOrigins, redis, redisMode, recovery, diagnostics);
        }

        private static boolean isOrigin(String origin) {
            String lower = origin.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                return false;
            }
            String rest = lower.substring(lower.indexOf("://") + 3);
            return !rest.isEmpty() && rest.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != '?' && c != '#');
        }
    }
}
