// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.sio4j.auth.JwksOptions;
import dev.sio4j.auth.JwtAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider's JWKS through nimbus's JWK source: cached for {@code cacheTtl}, fetched again at
 * once for a {@code kid} not in the cache (a rotated-in key), at most twice per
 * {@code minRefreshInterval}, and when the provider is down the last set stays in use for ten
 * times the TTL. No refresh-ahead thread: the source fetches only on the caller's thread, which
 * {@code JwtAuth} keeps off the event loops.
 *
 * <p>Thread-safe (nimbus's caching source serializes fetches).
 */
final class JwksKeySource implements KeySource {

    private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);

    private final JWKSource<SecurityContext> source;

    JwksKeySource(JwksOptions options) {
        int timeout = (int) options.fetchTimeout().toMillis();
        URL url;
        try {
            url = options.uri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a usable JWKS URL: " + options.uri(), e);
        }
        this.source = JWKSourceBuilder.create(url, new DefaultResourceRetriever(timeout, timeout, options.maxSize()))
                // the waiters of one fetch give up once it has had both of its timeouts
                .cache(options.cacheTtl().toMillis(), 2L * timeout + 1000)
                .refreshAheadCache(false)
                .rateLimited(options.minRefreshInterval().toMillis())
                .outageTolerant(true)
                .build();
    }

    @Override
    public List<JWSVerifier> verifiers(JWSHeader header, JwtAlgorithm algorithm) throws KeySourceException {
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            return List.of();
        }
        List<JWSVerifier> verifiers = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(matcher), null)) {
            try {
                JWSVerifier v = verifier(jwk);
                if (v != null) {
                    verifiers.add(v);
                }
            } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
                // One bad key in the provider's set must not stop the others from working.
                log.debug("a key of the JWKS is not usable: {}", e.getMessage());
            }
        }
        return verifiers;
    }

    /** A verifier for one published key, or null for a kind tokens cannot use here. */
    private static JWSVerifier verifier(JWK jwk) throws JOSEException, GeneralSecurityException {
        if (jwk instanceof RSAKey rsa) {
            PublicKeys.algorithmOf(rsa.toRSAPublicKey()); // the size check
            return new RSASSAVerifier(rsa);
        }
        if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return new JdkEd25519Verifier(PublicKeys.ed25519(okp.getX().decode()));
        }
        return null;
    }

    @Override
    public void close() {
        if (source instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("closing the JWKS source: {}", e.toString());
            }
        }
    }
}
