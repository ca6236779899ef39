// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how {@link JwtAuth} gets the public keys of an OAuth 2 / OpenID Connect provider: its
 * JWKS URL (the {@code jwks_uri} of its {@code /.well-known/openid-configuration}). Defaults:
 * <ul>
 *   <li>{@code cacheTtl} 5 minutes: the key set is fetched again when a token arrives after
 *       that (a key the provider has dropped stops working within that time);</li>
 *   <li>{@code minRefreshInterval} 30 seconds: a token whose {@code kid} is not in the cached
 *       set makes the server fetch the set again (how a rotated-in key is found at once), at
 *       most twice per interval, so tokens with made-up {@code kid}s cannot turn the server into
 *       a flood against the provider; must be shorter than {@code cacheTtl};</li>
 *   <li>{@code fetchTimeout} 5 seconds, to connect and again to read;</li>
 *   <li>{@code maxSize} 51,200 bytes of key set;</li>
 *   <li>{@code algorithms} RS256, ES256 and EdDSA (HMAC has no place in a published key set).</li>
 * </ul>
 * When the provider cannot be reached, the last key set fetched keeps being used for up to ten
 * times {@code cacheTtl}. Fetches happen on {@link JwtAuth}'s executor, never on an event loop.
 *
 * <pre>{@code
 * JwtKeys keys = JwtKeys.jwks(JwksOptions.builder(URI.create("https://id.example/realms/app/protocol/openid-connect/certs"))
 *         .cacheTtl(Duration.ofMinutes(10))
 *         .build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JwksOptions {

    private final URI uri;
    private final Duration cacheTtl;
    private final Duration minRefreshInterval;
    private final Duration fetchTimeout;
    private final int maxSize;
    private final Set<JwtAlgorithm> algorithms;

    private JwksOptions(Builder b) {
        this.uri = b.uri;
        this.cacheTtl = b.cacheTtl;
        this.minRefreshInterval = b.minRefreshInterval;
        this.fetchTimeout = b.fetchTimeout;
        this.maxSize = b.maxSize;
        this.algorithms = Set.copyOf(b.algorithms);
    }

    /** A builder for the key set at {@code uri} ({@code https}, or {@code http} for a local provider). */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** The JWKS URL. */
    public URI uri() { return uri; }
    /** How long a fetched key set is used before it is fetched again. */
    public Duration cacheTtl() { return cacheTtl; }
    /** The interval in which at most two fetches happen. */
    public Duration minRefreshInterval() { return minRefreshInterval; }
    /** The connect timeout, and the read timeout, of one fetch. */
    public Duration fetchTimeout() { return fetchTimeout; }
    /** The largest key set accepted, in bytes. */
    public int maxSize() { return maxSize; }
    /** The algorithms tokens may use. */
    public Set<JwtAlgorithm> algorithms() { return algorithms; }

    /** Builds {@link JwksOptions}; not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration minRefreshInterval = Duration.ofSeconds(30);
        private Duration fetchTimeout = Duration.ofSeconds(5);
        private int maxSize = 51_200;
        private Set<JwtAlgorithm> algorithms = EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.ES256, JwtAlgorithm.EDDSA);

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        public Builder cacheTtl(Duration ttl) { cacheTtl = positive(ttl, "cacheTtl"); return this; }
        public Builder minRefreshInterval(Duration interval) { minRefreshInterval = positive(interval, "minRefreshInterval"); return this; }
        public Builder fetchTimeout(Duration timeout) { fetchTimeout = positive(timeout, "fetchTimeout"); return this; }

        public Builder maxSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxSize must be positive");
            }
            maxSize = bytes;
            return this;
        }

        /** The algorithms tokens may use; asymmetric ones only. */
        public Builder algorithms(JwtAlgorithm first, JwtAlgorithm... more) {
            Set<JwtAlgorithm> set = EnumSet.of(Objects.requireNonNull(first, "first"), more);
            for (JwtAlgorithm a : set) {
                if (a.symmetric()) {
                    throw new IllegalArgumentException(a + " needs a shared secret, which a JWKS never publishes");
                }
            }
            algorithms = set;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException for a URL that is not absolute {@code http(s)} with a
         *         host, a {@code minRefreshInterval} not shorter than {@code cacheTtl}, or a
         *         timeout over 24 days
         */
        public JwksOptions build() {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new IllegalArgumentException("the JWKS URL must be http(s)://host/...: " + uri);
            }
            if (minRefreshInterval.compareTo(cacheTtl) >= 0) {
                throw new IllegalArgumentException("minRefreshInterval (" + minRefreshInterval
                        + ") must be shorter than cacheTtl (" + cacheTtl + ")");
            }
            if (fetchTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("fetchTimeout is too long: " + fetchTimeout);
            }
            return new JwksOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
