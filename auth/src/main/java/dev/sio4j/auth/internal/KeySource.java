// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.sio4j.auth.JwksOptions;
import dev.sio4j.auth.JwtAlgorithm;

import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * Where the verifiers for a token's signature come from: a fixed key, or a JWKS. Thread-safe.
 */
public interface KeySource extends AutoCloseable {

    /**
     * The verifiers to try, in order, for a token whose header names {@code algorithm} (one of
     * the keys' algorithms). May block on a fetch when the source is a JWKS.
     *
     * @throws KeySourceException when the keys cannot be had (the provider unreachable, the
     *         refresh rate limit reached)
     */
    List<JWSVerifier> verifiers(JWSHeader header, JwtAlgorithm algorithm) throws KeySourceException;

    /** Releases what the source holds; idempotent. */
    @Override
    default void close() {
    }

    /** A shared secret (its length already checked). */
    static KeySource secret(byte[] secret, Set<JwtAlgorithm> algorithms) {
        List<JWSVerifier> verifier;
        try {
            verifier = List.of(new MACVerifier(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (header, algorithm) -> verifier;
    }

    /** One public key (its kind already checked). */
    static KeySource publicKey(PublicKey key) {
        List<JWSVerifier> verifier;
        try {
            verifier = List.of(PublicKeys.verifier(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (header, algorithm) -> verifier;
    }

    /** A provider's key set, fetched when first needed. */
    static KeySource jwks(JwksOptions options) {
        return new JwksKeySource(options);
    }
}
