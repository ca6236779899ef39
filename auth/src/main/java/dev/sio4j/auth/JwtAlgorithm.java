// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

/**
 * The JWS algorithms {@link JwtAuth} verifies. Which ones a token may use follows from its keys
 * ({@link JwtKeys}): HMAC with a secret, the others with a public key of their type, so a token
 * can never make the server use a public key as an HMAC secret (the RS256-to-HS256 confusion).
 * Unsigned tokens ({@code "alg":"none"}) and encrypted ones are always refused.
 *
 * <p>Immutable and thread-safe.
 */
public enum JwtAlgorithm {
    /** HMAC with SHA-256; the secret has at least 32 bytes. */
    HS256("HS256"),
    /** HMAC with SHA-384; the secret has at least 48 bytes. */
    HS384("HS384"),
    /** HMAC with SHA-512; the secret has at least 64 bytes. */
    HS512("HS512"),
    /** RSASSA-PKCS1-v1_5 with SHA-256; RSA keys of at least 2048 bits. */
    RS256("RS256"),
    /** ECDSA on P-256 with SHA-256. */
    ES256("ES256"),
    /**
     * EdDSA with an Ed25519 key (RFC 8037), verified by the JDK's own Ed25519; the header may
     * also name it {@code "Ed25519"} (RFC 9864).
     */
    EDDSA("EdDSA");

    private final String jwsName;

    JwtAlgorithm(String jwsName) {
        this.jwsName = jwsName;
    }

    /** The name in a token's {@code alg} header. */
    public String jwsName() {
        return jwsName;
    }

    /** Whether this algorithm takes a shared secret. */
    public boolean symmetric() {
        return this == HS256 || this == HS384 || this == HS512;
    }

    /** The algorithm a token's {@code alg} header names, or null for any other (none included). */
    public static JwtAlgorithm fromJwsName(String name) {
        if (name == null) {
            return null;
        }
        if (name.equals("Ed25519")) {
            return EDDSA;
        }
        for (JwtAlgorithm a : values()) {
            if (a.jwsName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
