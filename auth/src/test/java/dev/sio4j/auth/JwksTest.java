// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import dev.sio4j.auth.internal.TokenRejectedException;
import dev.sio4j.auth.internal.TokenVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Keys from a JWKS served by a local HTTP server: every asymmetric algorithm, caching, a
 * rotated-in key found at once, the refresh rate limit against made-up key ids, a dropped key
 * forgotten after the cache's lifetime, and a provider that is down.
 */
class JwksTest {

    private final JwksServer jwks = new JwksServer();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private static final KeyPair RSA = TestTokens.rsa(2048);
    private static final KeyPair EC = TestTokens.ec("secp256r1");
    private static final KeyPair ED = TestTokens.ed25519();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        jwks.close();
    }

    private TokenVerifier verifier(JwksOptions options) {
        JwtKeys keys = JwtKeys.jwks(options);
        var source = keys.open();
        toClose.add(source);
        return new TokenVerifier(source, keys.algorithms(), null, Set.of(), Duration.ofSeconds(60), Clock.systemUTC(), 8192);
    }

    private TokenVerifier verifier() {
        return verifier(JwksOptions.builder(jwks.uri()).build());
    }

    private static String token(KeyPair pair, String kid) {
        return TestTokens.signed(pair, kid, TestTokens.claims("alice", Instant.now().plus(Duration.ofHours(1))).build());
    }

    private static JwtRefusal refusal(TokenVerifier v, String token) {
        try {
            v.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void everyAsymmetricAlgorithmFromOneFetchedAndCachedSet() throws Exception {
        jwks.publish(TestTokens.jwk(RSA, "rsa"), TestTokens.jwk(EC, "ec"), TestTokens.jwk(ED, "ed"));
        TokenVerifier v = verifier();
        for (int i = 0; i < 20; i++) {
            assertThat(v.verify(token(RSA, "rsa")).subject()).isEqualTo("alice");
            assertThat(v.verify(token(EC, "ec")).subject()).isEqualTo("alice");
            assertThat(v.verify(token(ED, "ed")).subject()).isEqualTo("alice");
        }
        assertThat(jwks.fetches()).as("one fetch, then the cache").isEqualTo(1);
        // a kid that names another key's entry does not make that key verify this one
        assertThat(refusal(v, token(TestTokens.rsa(2048), "rsa"))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(v, token(RSA, "ec"))).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void aTokenWithoutKidIsCheckedAgainstEveryKeyOfItsKind() throws Exception {
        KeyPair other = TestTokens.rsa(2048);
        jwks.publish(TestTokens.jwk(other, "a"), TestTokens.jwk(RSA, "b"));
        assertThat(verifier().verify(token(RSA, null)).subject()).isEqualTo("alice");
    }

    @Test
    void aRotatedInKeyIsFetchedAtOnce() throws Exception {
        KeyPair next = TestTokens.rsa(2048);
        jwks.publish(TestTokens.jwk(RSA, "2030-01"));
        TokenVerifier v = verifier();
        v.verify(token(RSA, "2030-01"));
        jwks.publish(TestTokens.jwk(RSA, "2030-01"), TestTokens.jwk(next, "2030-02"));
        assertThat(v.verify(token(next, "2030-02")).subject()).isEqualTo("alice");
        assertThat(v.verify(token(RSA, "2030-01")).subject()).as("the old key still works").isEqualTo("alice");
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void madeUpKeyIdsCannotMakeTheServerFloodTheProvider() throws Exception {
        jwks.publish(TestTokens.jwk(RSA, "real"));
        TokenVerifier v = verifier(JwksOptions.builder(jwks.uri()).minRefreshInterval(Duration.ofMinutes(1)).build());
        v.verify(token(RSA, "real"));
        for (int i = 0; i < 200; i++) {
            assertThat(refusal(v, token(TestTokens.ec("secp256r1"), "made-up-" + i))).isEqualTo(JwtRefusal.INVALID_TOKEN);
            if (i % 50 == 0) {
                assertThat(v.verify(token(RSA, "real")).subject()).as("the real key keeps working").isEqualTo("alice");
            }
        }
        assertThat(jwks.fetches()).as("at most two fetches per minRefreshInterval").isLessThanOrEqualTo(2);
    }

    @Test
    void aDroppedKeyIsForgottenWhenTheCacheExpires() throws Exception {
        KeyPair next = TestTokens.rsa(2048);
        jwks.publish(TestTokens.jwk(RSA, "old"), TestTokens.jwk(next, "new"));
        TokenVerifier v = verifier(JwksOptions.builder(jwks.uri()).cacheTtl(Duration.ofMillis(500))
                .minRefreshInterval(Duration.ofMillis(100)).build());
        v.verify(token(RSA, "old"));
        jwks.publish(TestTokens.jwk(next, "new"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                v.verify(token(RSA, "old"));
                return false;
            } catch (TokenRejectedException e) {
                return e.reason() == JwtRefusal.INVALID_TOKEN;
            }
        });
        assertThat(v.verify(token(next, "new")).subject()).isEqualTo("alice");
    }

    @Test
    void aProviderThatIsDownGivesInvalidTokenAndSaysSo() throws Exception {
        jwks.down(true);
        TokenVerifier v = verifier();
        assertThatThrownBy(() -> v.verify(token(RSA, "k"))).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(JwtRefusal.INVALID_TOKEN);
            assertThat(e.keysUnavailable()).as("the operator's problem, logged at WARN").isTrue();
        });
    }

    @Test
    void theOptionsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> JwksOptions.builder(java.net.URI.create("file:///etc/passwd")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwksOptions.builder(jwks.uri()).cacheTtl(Duration.ofSeconds(10))
                .minRefreshInterval(Duration.ofSeconds(10)).build()).hasMessageContaining("shorter");
        assertThatThrownBy(() -> JwksOptions.builder(jwks.uri()).algorithms(JwtAlgorithm.HS256))
                .hasMessageContaining("secret");
        assertThat(JwtKeys.jwks(JwksOptions.builder(jwks.uri()).algorithms(JwtAlgorithm.ES256).build()).algorithms())
                .containsExactly(JwtAlgorithm.ES256);
    }

    @Test
    void aRestrictedAlgorithmSetRefusesTheOthers() {
        jwks.publish(TestTokens.jwk(RSA, "rsa"), TestTokens.jwk(EC, "ec"));
        TokenVerifier v = verifier(JwksOptions.builder(jwks.uri()).algorithms(JwtAlgorithm.ES256).build());
        assertThat(refusal(v, token(RSA, "rsa"))).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

}
