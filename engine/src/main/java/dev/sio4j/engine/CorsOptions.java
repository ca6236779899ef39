// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Cross-origin settings for the Engine.IO endpoint, modelled on the {@code cors} npm module that
 * engine.io forwards its {@code cors} option to. CORS is off unless an instance is given to
 * {@link EngineOptions.Builder#cors(CorsOptions)}.
 *
 * <p>Origins are matched exactly ({@code scheme://host[:port]}, case-insensitive). An allowed
 * Origin is echoed back with {@code Vary: Origin}; with {@link #anyOrigin()} the header is
 * {@code *}. An Origin is never echoed unless it matched, so credentials are never granted to an
 * unlisted site, and {@link Builder#build()} refuses any-origin together with credentials (the
 * {@code cors} npm module would reflect every Origin with credentials then).
 *
 * <p>The allow-list also widens the engine's Origin check, which is on without any CORS setting
 * (unlike engine.io): a browser request from a page of another origin than the server's own is
 * refused with 403 {@code {"code":4,"message":"Forbidden"}} on polling and 400 on a WebSocket
 * upgrade unless these options allow that origin. CORS for any origin turns that check off, as
 * {@link EngineOptions.Builder#allowAnyOrigin()} does. Requests without an Origin header
 * (non-browser clients) pass unless {@link EngineOptions.Builder#requireOrigin(boolean)} is set.
 *
 * <p>Defaults: methods {@code GET,HEAD,PUT,PATCH,POST,DELETE}; allowed headers: those the
 * preflight asks for; exposed headers none; credentials false; max age unset.
 *
 * <pre>{@code
 * CorsOptions cors = CorsOptions.builder()
 *         .allowedOrigins("https://app.example.com")
 *         .credentials(true)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe (the origin predicate must be too).
 */
public final class CorsOptions {

    private final boolean anyOrigin;
    private final List<String> origins;
    private final Predicate<String> originPredicate;
    private final boolean credentials;
    private final List<String> methods;
    private final List<String> allowedHeaders;
    private final List<String> exposedHeaders;
    private final Duration maxAge;

    private CorsOptions(Builder b) {
        this.anyOrigin = b.anyOrigin;
        this.origins = List.copyOf(b.origins);
        this.originPredicate = b.originPredicate;
        this.credentials = b.credentials;
        this.methods = List.copyOf(b.methods);
        this.allowedHeaders = b.allowedHeaders == null ? null : List.copyOf(b.allowedHeaders);
        this.exposedHeaders = List.copyOf(b.exposedHeaders);
        this.maxAge = b.maxAge;
    }

    /**
     * CORS open to every origin ({@code Access-Control-Allow-Origin: *}), no credentials. This
     * also turns the engine's Origin check off (see {@link EngineOptions.Builder#allowAnyOrigin()}).
     */
    public static CorsOptions anyOrigin() {
        return builder().anyOrigin(true).build();
    }

    /** CORS for exactly these origins, e.g. {@code "http://localhost:8080"}. */
    public static CorsOptions allowOrigins(String... origins) {
        return builder().allowedOrigins(origins).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code origin} (an Origin header value) is allowed; never a null (absent) one. */
    public boolean isAllowed(String origin) {
        if (origin == null) {
            return false;
        }
        if (anyOrigin) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (origins.contains(lower)) {
            return true;
        }
        return originPredicate != null && originPredicate.test(origin);
    }

    /** Whether every origin is allowed ({@code *}). */
    public boolean isAnyOrigin() {
        return anyOrigin;
    }

    /** The allowed origins, lower-cased. */
    public List<String> origins() {
        return origins;
    }

    /** Whether {@code Access-Control-Allow-Credentials: true} is sent. */
    public boolean credentials() {
        return credentials;
    }

    /** The methods announced to a preflight. */
    public List<String> methods() {
        return methods;
    }

    /** The headers announced to a preflight, or null to echo the requested ones. */
    public List<String> allowedHeaders() {
        return allowedHeaders;
    }

    /** The headers exposed to scripts. */
    public List<String> exposedHeaders() {
        return exposedHeaders;
    }

    /** How long a preflight may be cached, or null. */
    public Duration maxAge() {
        return maxAge;
    }

    /** Builds {@link CorsOptions}; not thread-safe. */
    public static final class Builder {
        private boolean anyOrigin;
        private final List<String> origins = new ArrayList<>();
        private Predicate<String> originPredicate;
        private boolean credentials;
        private List<String> methods = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");
        private List<String> allowedHeaders;
        private List<String> exposedHeaders = List.of();
        private Duration maxAge;

        private Builder() {
        }

        /**
         * Allows every origin ({@code *}), which turns the engine's Origin check off; cannot be
         * combined with {@link #credentials(boolean)}.
         */
        public Builder anyOrigin(boolean any) {
            this.anyOrigin = any;
            return this;
        }

        /**
         * Adds exact origins ({@code scheme://host[:port]}); {@code "*"} means any origin, as
         * {@link #anyOrigin(boolean)}.
         */
        public Builder allowedOrigins(String... list) {
            for (String o : list) {
                Objects.requireNonNull(o, "origin");
                if (o.equals("*")) {
                    anyOrigin = true;
                } else {
                    origins.add(o.toLowerCase(Locale.ROOT));
                }
            }
            return this;
        }

        /** Allows origins accepted by {@code predicate} (in addition to the listed ones). */
        public Builder originPredicate(Predicate<String> predicate) {
            this.originPredicate = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /**
         * Sends {@code Access-Control-Allow-Credentials: true}, letting browsers send cookies
         * cross-origin. Only with listed origins or a predicate: {@link #build()} refuses it
         * with {@link #anyOrigin(boolean)} or {@code "*"}.
         */
        public Builder credentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder methods(String... list) {
            this.methods = List.of(list);
            return this;
        }

        public Builder allowedHeaders(String... list) {
            this.allowedHeaders = List.of(list);
            return this;
        }

        public Builder exposedHeaders(String... list) {
            this.exposedHeaders = List.of(list);
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative");
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * @throws IllegalStateException without any allowed origin, or with any-origin together
         *         with credentials
         * @throws IllegalArgumentException for an origin that holds spaces or control characters
         */
        public CorsOptions build() {
            if (!anyOrigin && origins.isEmpty() && originPredicate == null) {
                throw new IllegalStateException("CORS needs at least one allowed origin, a predicate, or anyOrigin");
            }
            if (anyOrigin && credentials) {
                // Browsers refuse "*" with credentials, so it would mean reflecting every Origin
                // with credentials: any site could then act as the signed-in user.
                throw new IllegalStateException("CORS anyOrigin (or \"*\") cannot be combined with credentials(true): "
                        + "that would grant every site the user's cookies; list the trusted origins with "
                        + "allowedOrigins(...) or originPredicate(...) instead");
            }
            for (String o : origins) {
                if (o.isEmpty() || o.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                    throw new IllegalArgumentException("invalid origin: " + o);
                }
            }
            return new CorsOptions(this);
        }
    }

    @Override
    public String toString() {
        return "CorsOptions[any=" + anyOrigin + ", origins=" + origins + ", credentials=" + credentials + "]";
    }

    /** Visible for the implementation: methods joined for the preflight header. */
    public String methodsHeader() {
        return String.join(",", methods);
    }
}
