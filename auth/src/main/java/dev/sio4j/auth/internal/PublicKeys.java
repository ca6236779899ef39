// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import dev.sio4j.auth.JwtAlgorithm;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public keys for token verification: read from PEM, checked for a kind and size {@link
 * JwtAlgorithm} allows, and turned into nimbus verifiers (Ed25519 through the JDK, see
 * {@link JdkEd25519Verifier}). Stateless and thread-safe.
 */
public final class PublicKeys {

    /** Smallest RSA modulus accepted: NIST's floor since 2013; providers use 2048 or more. */
    static final int MIN_RSA_BITS = 2048;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    /** SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 bytes of the key itself. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private PublicKeys() {
    }

    /**
     * The algorithm tokens signed for {@code key} use.
     *
     * @throws IllegalArgumentException for a key of another kind, curve or size
     */
    public static JwtAlgorithm algorithmOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are needed");
            }
            return JwtAlgorithm.RS256;
        }
        if (key instanceof ECPublicKey ec) {
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new IllegalArgumentException("an EC key on another curve than P-256 (ES256)");
            }
            return JwtAlgorithm.ES256;
        }
        if (key instanceof EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName())) {
            return JwtAlgorithm.EDDSA;
        }
        throw new IllegalArgumentException("a " + key.getAlgorithm() + " key; RSA, EC P-256 or Ed25519 is needed");
    }

    /** A verifier for tokens signed for {@code key} (checked by {@link #algorithmOf} first). */
    static JWSVerifier verifier(PublicKey key) throws JOSEException {
        return switch (algorithmOf(key)) {
            case RS256 -> new RSASSAVerifier((RSAPublicKey) key);
            case ES256 -> new ECDSAVerifier((ECPublicKey) key);
            case EDDSA -> new JdkEd25519Verifier(key);
            default -> throw new IllegalStateException("not a public-key algorithm");
        };
    }

    /** The Ed25519 key whose 32 bytes a JWK's {@code x} holds. */
    static PublicKey ed25519(byte[] x) throws GeneralSecurityException {
        if (x.length != 32) {
            throw new GeneralSecurityException("an Ed25519 key has 32 bytes, not " + x.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /**
     * The first public key of a PEM text: a {@code PUBLIC KEY} block or a certificate's.
     *
     * @throws IllegalArgumentException when there is none, or only a private key
     */
    public static PublicKey fromPem(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a PEM block that is not base64", e);
            }
            switch (m.group(1)) {
                case "PUBLIC KEY" -> {
                    return spki(der);
                }
                case "CERTIFICATE" -> {
                    try {
                        return CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalArgumentException("an unreadable certificate: " + e.getMessage(), e);
                    }
                }
                case "RSA PUBLIC KEY" -> throw new IllegalArgumentException("a PKCS#1 RSA key: convert it with "
                        + "'openssl rsa -RSAPublicKey_in -pubout' to a PUBLIC KEY block");
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
                        throw new IllegalArgumentException("a private key: give the issuer's public key "
                                + "('openssl pkey -pubout'); the server never needs the private one");
                default -> { } // EC PARAMETERS and the like
            }
        }
        throw new IllegalArgumentException("no PEM PUBLIC KEY or CERTIFICATE block");
    }

    /** An X.509 SubjectPublicKeyInfo of any of the kinds accepted; the encoding names its algorithm. */
    private static PublicKey spki(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this kind: try the next
            }
        }
        throw new IllegalArgumentException("a PUBLIC KEY that is not RSA, EC or Ed25519");
    }
}
