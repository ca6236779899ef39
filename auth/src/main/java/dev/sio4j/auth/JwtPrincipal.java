// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import dev.sio4j.server.Socket;

import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a socket admitted by {@link JwtAuth} is: the verified claims of its token. Its
 * {@link #getName() name} is the {@code sub}; {@link #displayName()} is what to show people.
 *
 * <pre>{@code
 * io.on("connection", socket -> {
 *     JwtPrincipal user = JwtPrincipal.of(socket).orElseThrow();
 *     socket.join("user:" + user.subject());
 *     socket.emit("hello", user.displayName());
 * });
 * }</pre>
 *
 * <p>Immutable and thread-safe. Built from the claims in {@code socket.data()}, which survive
 * connection state recovery (also across nodes, as plain JSON values).
 */
public final class JwtPrincipal implements Principal {

    private final Map<String, Object> claims;
    private final String subject;

    private JwtPrincipal(Map<String, Object> claims, String subject) {
        this.claims = claims;
        this.subject = subject;
    }

    /** The principal of a socket {@link JwtAuth} admitted, or empty for another socket. */
    public static Optional<JwtPrincipal> of(Socket socket) {
        Object data = Objects.requireNonNull(socket, "socket").data().get(JwtAuth.DATA_KEY);
        if (!(data instanceof Map<?, ?> map) || !(map.get("sub") instanceof String sub)) {
            return Optional.empty();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return Optional.of(new JwtPrincipal(Collections.unmodifiableMap(copy), sub));
    }

    /** The token's {@code sub}. */
    @Override
    public String getName() {
        return subject;
    }

    /** The token's {@code sub}: who the user is for the issuer (also the socket's identity). */
    public String subject() {
        return subject;
    }

    /**
     * A name to show: the {@code name} claim, else {@code preferred_username}, else {@code sub}
     * (as OpenID Connect defines them). Chosen by the issuer: encode it on output as any text.
     */
    public String displayName() {
        for (String claim : new String[] {"name", "preferred_username"}) {
            if (claims.get(claim) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return subject;
    }

    /** The token's {@code iss}, or null. */
    public String issuer() {
        return claims.get("iss") instanceof String s ? s : null;
    }

    /** The token's {@code aud}, as a list (empty when absent). */
    public List<String> audience() {
        Object aud = claims.get("aud");
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** When the token expires (its {@code exp}). */
    public Instant expiresAt() {
        return claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : Instant.MIN;
    }

    /** One claim as a JSON value (String, Number, Boolean, List, Map), or null. */
    public Object claim(String name) {
        return claims.get(name);
    }

    /** Every claim as JSON values; unmodifiable. */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtPrincipal other && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + subject + "]";
    }
}
