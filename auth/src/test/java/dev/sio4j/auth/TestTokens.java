// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

/**
 * Keys made by the tests (JDK generators) and tokens signed with nimbus's own signers: HMAC,
 * RSA, ECDSA, and Ed25519 through Tink (test scope), so that the module's JDK Ed25519 verifier
 * is checked against an independent implementation.
 */
final class TestTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestTokens() {
    }

    static byte[] secret(int bytes) {
        byte[] s = new byte[bytes];
        RANDOM.nextBytes(s);
        return s;
    }

    static KeyPair rsa(int bits) {
        return generate("RSA", bits);
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ed25519() {
        return generate("Ed25519", 0);
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for {@code sub} expiring at {@code exp}. */
    static JWTClaimsSet.Builder claims(String sub, Instant exp) {
        return new JWTClaimsSet.Builder().subject(sub).issueTime(Date.from(exp.minusSeconds(3600)))
                .expirationTime(Date.from(exp));
    }

    static String hmac(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(alg).build(), new MACSigner(secret), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with {@code pair}'s private key, with {@code kid} (or none). */
    static String signed(KeyPair pair, String kid, JWTClaimsSet claims) {
        JWSAlgorithm alg = switch (pair.getPublic().getAlgorithm()) {
            case "RSA" -> JWSAlgorithm.RS256;
            case "EC" -> JWSAlgorithm.ES256;
            default -> JWSAlgorithm.EdDSA;
        };
        return signed(pair, alg, kid, claims);
    }

    static String signed(KeyPair pair, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        try {
            JWSSigner signer = switch (pair.getPublic().getAlgorithm()) {
                case "RSA" -> new RSASSASigner(pair.getPrivate());
                case "EC" -> new ECDSASigner((ECPrivateKey) pair.getPrivate());
                default -> new Ed25519Signer(okp(pair, kid, true));
            };
            return sign(new JWSHeader.Builder(alg).keyID(kid).build(), signer, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The public JWK of {@code pair}, as a provider publishes it. */
    static JWK jwk(KeyPair pair, String kid) {
        PublicKey pub = pair.getPublic();
        return switch (pub.getAlgorithm()) {
            case "RSA" -> new RSAKey.Builder((RSAPublicKey) pub).keyID(kid).build();
            case "EC" -> new ECKey.Builder(Curve.P_256, (ECPublicKey) pub).keyID(kid).build();
            default -> okp(pair, kid, false);
        };
    }

    /**
     * A JDK Ed25519 pair as a JWK: the raw 32-byte public key ends its X.509 encoding, the
     * 32-byte seed ends its PKCS#8 encoding (RFC 8410).
     */
    private static OctetKeyPair okp(KeyPair pair, String kid, boolean withPrivate) {
        byte[] x = last32(pair.getPublic().getEncoded());
        OctetKeyPair.Builder b = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid);
        if (withPrivate) {
            b.d(Base64URL.encode(last32(pair.getPrivate().getEncoded())));
        }
        return b.build();
    }

    private static byte[] last32(byte[] der) {
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
