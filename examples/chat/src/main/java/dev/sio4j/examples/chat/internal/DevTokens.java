// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Development tokens for a chat started with {@code --jwt-secret}: HS256, {@code sub} and
 * {@code name}, {@code iat} and {@code exp}, and {@code iss}/{@code aud} when asked for. A real
 * deployment gets its tokens from an identity provider ({@code --jwks-url}); this is for trying the
 * chat and for its tests. Stateless and thread-safe.
 */
public final class DevTokens {

    private DevTokens() {
    }

    /**
     * A signed token.
     *
     * @param secret   the chat's {@code --jwt-secret}, at least 32 bytes
     * @param subject  the {@code sub} (the user's stable id)
     * @param name     the {@code name} shown in the chat
     * @param issuedAt its {@code iat}; it expires {@code ttl} later
     * @param issuer   its {@code iss}, or null
     * @param audience its {@code aud}, or null
     * @throws IllegalArgumentException for a short secret, an empty subject or a ttl that is not positive
     */
    public static String sign(String secret, String subject, String name, Instant issuedAt, Duration ttl,
                              String issuer, String audience) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(ttl, "ttl");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("the secret must have at least 32 bytes (HS256)");
        }
        if (subject.isBlank()) {
            throw new IllegalArgumentException("the subject must not be empty");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("the ttl must be positive");
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("name", name)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
