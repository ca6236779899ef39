// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the chat server runs with, validated once by {@link Builder#build()}.
 *
 * <p>Defaults: host {@code 0.0.0.0}, port 3000, no cross-origin access (a browser page from
 * another origin is refused; pages served by the chat itself and non-browser clients are
 * allowed), a single node (no Redis), connection state recovery off, no diagnostics events,
 * plain HTTP, no authentication (anyone may chat, shown by socket id), and the library's
 * connection and event limits. {@code "*"} among the CORS origins opens the server to every
 * origin; it is never a default.
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
 * @param tls         the certificate to serve https and wss with, or null for plain HTTP
 * @param jwt         how tokens are checked when the chat requires one, or null for an open chat
 * @param maxConnectionsPerIp open connections per client address, loopback included; 0: the library's default
 * @param maxEventsPerSecond  events per second per socket (burst of one second's worth); 0: the library's default (no limit)
 */
public record ChatConfig(String host, int port, List<String> corsOrigins, String redis, RedisMode redisMode,
                         boolean recovery, boolean diagnostics, Tls tls, Jwt jwt, int maxConnectionsPerIp,
                         int maxEventsPerSecond) {

    /**
     * The server's certificate: a PEM chain and its PEM private key (as Let's Encrypt's
     * {@code fullchain.pem} and {@code privkey.pem}); read when the chat starts, and again when
     * they change on disk.
     */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * What a token must be to chat: signed with {@code secret} (HS256) or by a key of the JWKS at
     * {@code jwksUrl} (exactly one of the two), from {@code issuer} and for {@code audience} when
     * those are given (null: not checked), within {@code clockSkew} of its {@code nbf} and
     * {@code exp}.
     */
    public record Jwt(String secret, URI jwksUrl, String issuer, String audience, Duration clockSkew) {

        /** The clock skew when none is given, as sio4j-auth's default. */
        public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

        /**
         * @throws IllegalArgumentException unless exactly one of secret and JWKS URL is given, the
         *         secret has at least 32 bytes and the skew is not negative
         */
        public Jwt {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if ((secret == null) == (jwksUrl == null)) {
                throw new IllegalArgumentException("give either a JWT secret or a JWKS URL, not both");
            }
            if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("the JWT secret must have at least 32 bytes (HS256)");
            }
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("the JWT clock skew must not be negative");
            }
        }

        /** An HS256 secret, nothing else checked besides the token's times. */
        public static Jwt secret(String secret) {
            return new Jwt(Objects.requireNonNull(secret, "secret"), null, null, null, DEFAULT_CLOCK_SKEW);
        }

        /** The same with another clock skew. */
        public Jwt withClockSkew(Duration skew) {
            return new Jwt(secret, jwksUrl, issuer, audience, skew);
        }

        @Override
        public String toString() {
            // Never the secret: a config may end up in a log line.
            return "Jwt[" + (secret != null ? "HS256 secret" : "JWKS " + jwksUrl) + ", issuer=" + issuer
                    + ", audience=" + audience + ", clockSkew=" + clockSkew + "]";
        }
    }

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
        if (maxConnectionsPerIp < 0 || maxEventsPerSecond < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** The URL scheme of the page: {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
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
        private Tls tls;
        private Jwt jwt;
        private int maxConnectionsPerIp;
        private int maxEventsPerSecond;

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

        /** Serve https and wss with this certificate; null (the default) serves plain HTTP. */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /** Require a token checked this way; null (the default) lets anyone chat. */
        public Builder jwt(Jwt jwt) {
            this.jwt = jwt;
            return this;
        }

        /**
         * Open connections per client address, loopback included (explicitly asked for, so it
         * applies to every address); 0 (the default) keeps the library's limit, which leaves
         * loopback alone.
         */
        public Builder maxConnectionsPerIp(int max) {
            this.maxConnectionsPerIp = max;
            return this;
        }

        /** Events per second per socket, with a burst of one second's worth; 0 (the default): no limit. */
        public Builder maxEventsPerSecond(int max) {
            this.maxEventsPerSecond = max;
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
         *                                  Redis address that is not {@code redis://} or {@code rediss://},
         *                                  or a negative limit
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
            if (maxConnectionsPerIp < 0) {
                throw new IllegalArgumentException("max connections per IP must be at least 1: " + maxConnectionsPerIp);
            }
            if (maxEventsPerSecond < 0) {
                throw new IllegalArgumentException("max events per second must be at least 1: " + maxEventsPerSecond);
            }
            return new ChatConfig(host, port, corsOrigins, redis, redisMode, recovery, diagnostics, tls, jwt,
                    maxConnectionsPerIp, maxEventsPerSecond);
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
