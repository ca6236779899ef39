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
 * allowed). {@code "*"} among the CORS origins opens the server to every origin; it is never a
 * default.
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
 */
public record ChatConfig(String host, int port, List<String> corsOrigins) {

    /** The port when neither {@code --port} nor {@code PORT} says otherwise. */
    public static final int DEFAULT_PORT = 3000;

    /** The interface bound by default: every IPv4 interface, as the Node tutorial's server does. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    public ChatConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(corsOrigins, "corsOrigins");
        corsOrigins = List.copyOf(corsOrigins);
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

        private Builder() {
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
         * @throws IllegalArgumentException for a port outside 0..65535, an empty host, or an origin
         *                                  that is not {@code *} nor {@code http(s)://host[:port]}
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
            return new ChatConfig(host, port, corsOrigins);
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
