// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sio4j.auth.JwtAlgorithm;
import dev.sio4j.auth.JwtRefusal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one compact JWS token: its size and shape before anything is parsed, then the
 * algorithm against the keys' (never the token's own say: {@code none}, a {@code jwk} or
 * {@code jku} header, an HMAC over a public key are all refused), the signature, and only then
 * the claims: {@code iss}, {@code aud}, {@code sub}, {@code nbf} and {@code exp} with the clock
 * skew. An expired token is reported as such only once its signature is good.
 *
 * <p>Immutable and thread-safe; {@link #verify} blocks when the key source fetches.
 */
public final class TokenVerifier {

    /** Three base64url parts with a non-empty signature: no unsigned, no encrypted (5-part) token. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final KeySource keys;
    private final Set<JwtAlgorithm> algorithms;
    private final String issuer;
    private final Set<String> audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final int maxTokenLength;

    public TokenVerifier(KeySource keys, Set<JwtAlgorithm> algorithms, String issuer, Set<String> audience,
                         Duration clockSkew, Clock clock, int maxTokenLength) {
        this.keys = keys;
        this.algorithms = Set.copyOf(algorithms);
        this.issuer = issuer;
        this.audience = Set.copyOf(audience);
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.maxTokenLength = maxTokenLength;
    }

    /**
     * The verified token.
     *
     * @throws TokenRejectedException with {@link JwtRefusal#INVALID_TOKEN} or
     *         {@link JwtRefusal#TOKEN_EXPIRED}
     */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (token.length() > maxTokenLength) {
            throw invalid("a token over maxTokenLength");
        }
        if (!COMPACT_JWS.matcher(token).matches()) {
            throw invalid("not a signed compact JWT");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw invalid("a malformed JWT");
        }
        JWSHeader header = jwt.getHeader();
        JwtAlgorithm algorithm = JwtAlgorithm.fromJwsName(header.getAlgorithm().getName());
        if (algorithm == null || !algorithms.contains(algorithm)) {
            throw invalid("an algorithm these keys do not take");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid("critical header parameters");
        }
        checkSignature(jwt, header, algorithm);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("claims that are not a JSON object");
        }
        return checkClaims(claims);
    }

    private void checkSignature(SignedJWT jwt, JWSHeader header, JwtAlgorithm algorithm) throws TokenRejectedException {
        List<JWSVerifier> verifiers;
        try {
            verifiers = keys.verifiers(header, algorithm);
        } catch (RateLimitReachedException e) {
            throw invalid("an unknown key, and the JWKS was fetched too recently to look again");
        } catch (KeySourceException e) {
            throw new TokenRejectedException(JwtRefusal.INVALID_TOKEN, "the JWKS could not be fetched: "
                    + e.getMessage(), true, e);
        }
        for (JWSVerifier v : verifiers) {
            try {
                if (jwt.verify(v)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that does not fit this token (size, curve): try the next
            }
        }
        throw invalid(verifiers.isEmpty() ? "no key for this token" : "a bad signature");
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims) throws TokenRejectedException {
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw invalid("another issuer");
        }
        if (!audience.isEmpty() && claims.getAudience().stream().noneMatch(audience::contains)) {
            throw invalid("another audience");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw invalid("no sub claim");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("no exp claim: a session must not outlive its token");
        }
        Instant now = clock.instant();
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(clockSkew))) {
            throw invalid("a token not valid yet (nbf)");
        }
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(clockSkew))) {
            throw new TokenRejectedException(JwtRefusal.TOKEN_EXPIRED, "an expired token");
        }
        Map<String, Object> json = Collections.unmodifiableMap(new LinkedHashMap<>(claims.toJSONObject()));
        return new VerifiedToken(subject, expiresAt, json);
    }

    private static TokenRejectedException invalid(String description) {
        return TokenRejectedException.invalid(description);
    }
}
