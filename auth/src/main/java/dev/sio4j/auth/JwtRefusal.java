// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

/**
 * Why {@link JwtAuth} refused a connection: the {@code reason} of the CONNECT_ERROR it sends,
 * {@code {"message":"unauthorized","data":{"reason":"token_expired"}}}. A client asks for a new
 * token on {@link #TOKEN_EXPIRED}, asks the user to sign in on {@link #MISSING_TOKEN}, and treats
 * {@link #INVALID_TOKEN} as final for that token.
 *
 * <p>Immutable and thread-safe.
 */
public enum JwtRefusal {
    /** No token in the CONNECT {@code auth} payload, the {@code Authorization} header (nor the query, when allowed). */
    MISSING_TOKEN("missing_token"),
    /**
     * A token that cannot be accepted: malformed, oversized, unsigned, signed with another key or
     * algorithm, for another issuer or audience, not yet valid, without {@code sub} or
     * {@code exp}; also when the keys cannot be fetched (the JWKS endpoint is down and nothing
     * is cached), as OAuth 2 resource servers answer it.
     */
    INVALID_TOKEN("invalid_token"),
    /** A well-signed token whose {@code exp} has passed (beyond the clock skew). */
    TOKEN_EXPIRED("token_expired");

    private final String wireName;

    JwtRefusal(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code reason} as the client receives it. */
    public String wireName() {
        return wireName;
    }
}
