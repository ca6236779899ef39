// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sio4j.auth.internal.TokenRejectedException;
import dev.sio4j.auth.internal.TokenVerifier;
import dev.sio4j.auth.internal.VerifiedToken;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token checks on their own (row 51's inputs): every algorithm with the keys it goes with,
 * the clock skew against a clock the test sets, each refusal reason, and bad tokens. The clock
 * is fixed, so nothing depends on today's date.
 */
class TokenVerifierTest {

    private static final Instant NOW = Instant.ofEpochSecond(2_000_000_000L);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant IN_AN_HOUR = NOW.plusSeconds(3600);
    private static final byte[] SECRET = TestTokens.secret(32);
    private static final KeyPair RSA = TestTokens.rsa(2048);
    private static final KeyPair EC = TestTokens.ec("secp256r1");
    private static final KeyPair ED = TestTokens.ed25519();

    private static TokenVerifier verifier(JwtKeys keys) {
        return verifier(keys, Duration.ofSeconds(60), null, Set.of());
    }

    private static TokenVerifier verifier(JwtKeys keys, Duration skew, String issuer, Set<String> audience) {
        return new TokenVerifier(keys.open(), keys.algorithms(), issuer, audience, skew, CLOCK, 8192);
    }

    private static JWTClaimsSet alice() {
        return TestTokens.claims("alice", IN_AN_HOUR).claim("name", "Alice").build();
    }

    private static JwtRefusal refusal(TokenVerifier v, String token) {
        try {
            v.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + token);
    }

    @Test
    void everyAlgorithmWithItsKeys() throws Exception {
        byte[] s64 = TestTokens.secret(64);
        TokenVerifier hmac = verifier(JwtKeys.secret(s64));
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            assertThat(hmac.verify(TestTokens.hmac(alg, s64, alice())).subject()).as(alg.getName()).isEqualTo("alice");
        }
        assertThat(verifier(JwtKeys.publicKey(RSA.getPublic())).verify(TestTokens.signed(RSA, "r", alice())).subject())
                .isEqualTo("alice");
        assertThat(verifier(JwtKeys.publicKey(EC.getPublic())).verify(TestTokens.signed(EC, "e", alice())).subject())
                .isEqualTo("alice");
        // EdDSA: signed by nimbus's Tink-based signer, verified by the module's JDK verifier
        TokenVerifier ed = verifier(JwtKeys.pem(TestTokens.pem(ED.getPublic())));
        assertThat(ed.verify(TestTokens.signed(ED, "d", alice())).subject()).isEqualTo("alice");
        assertThat(ed.verify(TestTokens.signed(ED, JWSAlgorithm.Ed25519, "d", alice())).subject())
                .as("RFC 9864's name for the same algorithm").isEqualTo("alice");
    }

    @Test
    void theVerifiedClaimsAreJsonValues() throws Exception {
        VerifiedToken t = verifier(JwtKeys.secret(SECRET)).verify(TestTokens.hmac(JWSAlgorithm.HS256, SECRET,
                TestTokens.claims("alice", IN_AN_HOUR).audience(List.of("a", "b")).claim("roles", List.of("admin")).build()));
        assertThat(t.expiresAt()).isEqualTo(IN_AN_HOUR);
        assertThat(t.claims()).containsEntry("sub", "alice").containsEntry("exp", IN_AN_HOUR.getEpochSecond())
                .containsEntry("aud", List.of("a", "b")).containsEntry("roles", List.of("admin"));
        assertThatThrownBy(() -> t.claims().put("sub", "mallory")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void clockSkewAppliesToExpAndNbf() {
        TokenVerifier skew60 = verifier(JwtKeys.secret(SECRET));
        TokenVerifier noSkew = verifier(JwtKeys.secret(SECRET), Duration.ZERO, null, Set.of());
        String expired30sAgo = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, TestTokens.claims("a", NOW.minusSeconds(30)).build());
        String expired61sAgo = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, TestTokens.claims("a", NOW.minusSeconds(61)).build());
        String expiresNow = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, TestTokens.claims("a", NOW).build());
        String expiresIn1s = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, TestTokens.claims("a", NOW.plusSeconds(1)).build());
        String nbfIn30s = TestTokens.hmac(JWSAlgorithm.HS256, SECRET,
                TestTokens.claims("a", IN_AN_HOUR).notBeforeTime(Date.from(NOW.plusSeconds(30))).build());
        String nbfIn90s = TestTokens.hmac(JWSAlgorithm.HS256, SECRET,
                TestTokens.claims("a", IN_AN_HOUR).notBeforeTime(Date.from(NOW.plusSeconds(90))).build());

        assertThat(accepted(skew60, expired30sAgo)).isTrue();
        assertThat(refusal(skew60, expired61sAgo)).isEqualTo(JwtRefusal.TOKEN_EXPIRED);
        assertThat(refusal(noSkew, expired30sAgo)).isEqualTo(JwtRefusal.TOKEN_EXPIRED);
        assertThat(refusal(noSkew, expiresNow)).as("exp is the first instant it is no longer valid").isEqualTo(JwtRefusal.TOKEN_EXPIRED);
        assertThat(accepted(noSkew, expiresIn1s)).isTrue();
        assertThat(accepted(skew60, nbfIn30s)).isTrue();
        assertThat(refusal(noSkew, nbfIn30s)).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(skew60, nbfIn90s)).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    private static boolean accepted(TokenVerifier v, String token) {
        try {
            v.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            throw new AssertionError("refused: " + e.reason() + " " + e.getMessage());
        }
    }

    @Test
    void anExpiredTokenIsExpiredOnlyWhenItsSignatureIsGood() {
        TokenVerifier v = verifier(JwtKeys.secret(SECRET));
        String forgedExpired = TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.secret(32), TestTokens.claims("a", NOW.minusSeconds(3600)).build());
        assertThat(refusal(v, forgedExpired)).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void issuerAudienceSubjectAndExpiryAreChecked() {
        TokenVerifier v = verifier(JwtKeys.secret(SECRET), Duration.ofSeconds(60), "https://id.example", Set.of("chat", "api"));
        JWTClaimsSet.Builder good = TestTokens.claims("alice", IN_AN_HOUR).issuer("https://id.example").audience(List.of("other", "chat"));
        assertThat(accepted(v, TestTokens.hmac(JWSAlgorithm.HS256, SECRET, good.build()))).isTrue();
        for (JWTClaimsSet bad : List.of(
                new JWTClaimsSet.Builder(good.build()).issuer("https://evil.example").build(),
                new JWTClaimsSet.Builder(good.build()).issuer(null).build(),
                new JWTClaimsSet.Builder(good.build()).audience("other").build(),
                new JWTClaimsSet.Builder(good.build()).audience((String) null).build(),
                new JWTClaimsSet.Builder(good.build()).subject(null).build(),
                new JWTClaimsSet.Builder(good.build()).subject("").build(),
                new JWTClaimsSet.Builder(good.build()).expirationTime(null).build(),
                new JWTClaimsSet.Builder(good.build()).claim("exp", "tomorrow").build())) {
            assertThat(refusal(v, TestTokens.hmac(JWSAlgorithm.HS256, SECRET, bad))).as(bad.toString()).isEqualTo(JwtRefusal.INVALID_TOKEN);
        }
    }

    @Test
    void garbageIsInvalid() {
        TokenVerifier v = verifier(JwtKeys.secret(SECRET));
        String header = b64("{\"alg\":\"HS256\"}");
        for (String garbage : List.of("", "abc", "a.b", "a.b.c", "....", "a..c", "é.é.é", header + ".e30.!!!",
                header + "." + b64("[1,2]") + ".c2ln", header + "." + b64("not json") + ".c2ln",
                b64("not json") + ".e30.c2ln", header + ".e30.c2ln.x", "eyJ" + "A".repeat(100))) {
            assertThat(refusal(v, garbage)).as(garbage).isEqualTo(JwtRefusal.INVALID_TOKEN);
        }
    }

    @Test
    void unsignedTokensNeverPass() {
        TokenVerifier v = verifier(JwtKeys.secret(SECRET));
        String payload = b64(alice().toString());
        assertThat(refusal(v, b64("{\"alg\":\"none\"}") + "." + payload + ".")).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(v, b64("{\"alg\":\"none\"}") + "." + payload + ".c2ln")).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(v, b64("{\"alg\":\"NONE\"}") + "." + payload + ".c2ln")).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void wrongKeysAndWrongAlgorithmsAreInvalid() throws Exception {
        TokenVerifier hs = verifier(JwtKeys.secret(SECRET));
        TokenVerifier rs = verifier(JwtKeys.publicKey(RSA.getPublic()));
        TokenVerifier es = verifier(JwtKeys.publicKey(EC.getPublic()));
        assertThat(refusal(hs, TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.secret(32), alice()))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(rs, TestTokens.signed(TestTokens.rsa(2048), "x", alice()))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(es, TestTokens.signed(TestTokens.ec("secp256r1"), "x", alice()))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(verifier(JwtKeys.publicKey(ED.getPublic())), TestTokens.signed(TestTokens.ed25519(), "x", alice())))
                .isEqualTo(JwtRefusal.INVALID_TOKEN);
        // the RS256 -> HS256 confusion: the public key's bytes as an HMAC secret
        String confused = TestTokens.hmac(JWSAlgorithm.HS256, RSA.getPublic().getEncoded(), alice());
        assertThat(refusal(rs, confused)).isEqualTo(JwtRefusal.INVALID_TOKEN);
        String confusedPem = TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII), alice());
        assertThat(refusal(rs, confusedPem)).isEqualTo(JwtRefusal.INVALID_TOKEN);
        // the right key family but an algorithm these keys do not take
        assertThat(refusal(rs, TestTokens.sign(new JWSHeader(JWSAlgorithm.RS384), new RSASSASigner(RSA.getPrivate()), alice())))
                .isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(rs, TestTokens.sign(new JWSHeader(JWSAlgorithm.PS256), new RSASSASigner(RSA.getPrivate()), alice())))
                .isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(es, TestTokens.signed(RSA, "r", alice()))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        // HS512 needs a 64-byte secret (RFC 7518 §3.2): a 32-byte one only takes HS256
        assertThat(refusal(hs, TestTokens.hmac(JWSAlgorithm.HS512, TestTokens.secret(64), alice()))).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(JwtKeys.secret(SECRET).algorithms()).containsExactly(JwtAlgorithm.HS256);
    }

    @Test
    void aKeyInTheTokensOwnHeaderIsNeverTrusted() throws Exception {
        KeyPair attacker = TestTokens.rsa(2048);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(TestTokens.jwk(attacker, "evil").toPublicJWK())
                .jwkURL(java.net.URI.create("http://127.0.0.1:1/jwks.json")).build();
        String token = TestTokens.sign(header, new RSASSASigner(attacker.getPrivate()), alice());
        assertThat(refusal(verifier(JwtKeys.publicKey(RSA.getPublic())), token)).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void criticalHeaderParametersAreRefused() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).criticalParams(Set.of("exp")).customParam("exp", 1).build();
        String token = TestTokens.sign(header, new MACSigner(SECRET), alice());
        assertThat(refusal(verifier(JwtKeys.secret(SECRET)), token)).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void encryptedTokensAreRefused() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), alice());
        jwe.encrypt(new DirectEncrypter(SECRET));
        assertThat(refusal(verifier(JwtKeys.secret(SECRET)), jwe.serialize())).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void anOversizedTokenIsRefusedUnparsed() {
        JWTClaimsSet big = TestTokens.claims("alice", IN_AN_HOUR).claim("pad", "x".repeat(9000)).build();
        String token = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, big);
        assertThat(token.length()).isGreaterThan(8192);
        assertThat(refusal(verifier(JwtKeys.secret(SECRET)), token)).isEqualTo(JwtRefusal.INVALID_TOKEN);
        assertThat(refusal(verifier(JwtKeys.secret(SECRET)), "A".repeat(1_000_000))).isEqualTo(JwtRefusal.INVALID_TOKEN);
    }

    @Test
    void keysThatAreTooWeakOrOfAnotherKindAreRefusedWhenConfigured() {
        assertThatThrownBy(() -> JwtKeys.secret(new byte[31])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> JwtKeys.secret("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtKeys.publicKey(TestTokens.rsa(1024).getPublic())).hasMessageContaining("2048");
        assertThatThrownBy(() -> JwtKeys.publicKey(TestTokens.ec("secp384r1").getPublic())).hasMessageContaining("P-256");
        assertThatThrownBy(() -> JwtKeys.pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .hasMessageContaining("private key");
        assertThatThrownBy(() -> JwtKeys.pem("no pem here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtKeys.pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(JwtKeys.pem(TestTokens.pem(EC.getPublic())).algorithms()).containsExactly(JwtAlgorithm.ES256);
        assertThat(JwtKeys.secret(SECRET).toString()).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
