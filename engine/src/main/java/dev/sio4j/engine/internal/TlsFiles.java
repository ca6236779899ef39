// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.TlsOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * Builds a server {@link SslContext} from {@link TlsOptions}' files: PEM (certificate chain plus
 * a PKCS#8, PKCS#1 RSA or SEC1 EC key) or PKCS#12. Checks that the key belongs to the leaf
 * certificate (a signature made with the key must verify with the certificate), since a
 * renewal caught between writing the certificate and the key would otherwise serve a context
 * that fails every handshake. Reads files: never call it on an event loop. Stateless;
 * thread-safe. Public only so that {@code EngineOptions} can load the files when built.
 */
public final class TlsFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private TlsFiles() {
    }

    /**
     * Loads the files into a server context (TLS 1.2+ is enforced per connection).
     *
     * @throws IllegalArgumentException naming the file and the reason when they cannot be used
     */
    public static SslContext load(TlsOptions tls) {
        try {
            KeyManagerFactory kmf = tls.format() == TlsOptions.Format.PEM
                    ? fromPem(tls.files().get(0), tls.files().get(1))
                    : fromPkcs12(tls.files().get(0), tls.password());
            SslContext ctx = SslContextBuilder.forServer(kmf).build();
            Tls.validate(ctx);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS files " + tls.files() + ": " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory fromPem(Path chainFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(chainFile)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(chainFile + " holds no certificate");
        }
        PrivateKey key = readKey(Files.readString(keyFile, StandardCharsets.US_ASCII), chain.get(0).getPublicKey(), keyFile);
        checkPair(key, chain.get(0).getPublicKey());
        char[] password = Long.toString(new SecureRandom().nextLong(), 36).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf;
    }

    private static KeyManagerFactory fromPkcs12(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        String alias = null;
        for (String a : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a)) {
                alias = a;
                break;
            }
        }
        if (alias == null) {
            throw new GeneralSecurityException(file + " holds no private key");
        }
        checkPair((PrivateKey) ks.getKey(alias, password.toCharArray()), ks.getCertificate(alias).getPublicKey());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        return kmf;
    }

    /** The one private key of a PEM file, as PKCS#8 whatever its form. */
    static PrivateKey readKey(String pem, PublicKey certificateKey, Path file) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> sequence(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octetString(der));
                case "EC PRIVATE KEY" -> sec1ToPkcs8(der);
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(file + " holds an encrypted key: "
                        + "decrypt it (openssl pkcs8 -topk8 -nocrypt) and protect the file, or use a PKCS#12 store");
                default -> null; // EC PARAMETERS and the like
            };
            if (pkcs8 != null) {
                String algorithm = certificateKey.getAlgorithm();
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            }
        }
        throw new GeneralSecurityException(file + " holds no PEM private key");
    }

    /** Signs with the key and verifies with the certificate's public key. */
    private static void checkPair(PrivateKey key, PublicKey certificateKey) throws GeneralSecurityException {
        String algorithm = switch (certificateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> certificateKey.getAlgorithm();
            default -> null; // nothing to check it with: the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(key);
        sign.update(challenge);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(algorithm);
        verify.initVerify(certificateKey);
        verify.update(challenge);
        if (!verify.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }

    /**
     * SEC1's {@code ECPrivateKey} (with its named curve in the [0] field, as OpenSSL writes it)
     * wrapped as PKCS#8: the curve moves into the algorithm identifier.
     */
    static byte[] sec1ToPkcs8(byte[] sec1) throws GeneralSecurityException {
        Der seq = new Der(sec1, 0).enter(0x30);
        Der field = seq.skip(0x02).skip(0x04); // version, privateKey
        byte[] curve = null;
        while (field.pos < field.end) {
            if ((field.tag() & 0xff) == 0xa0) {
                Der params = field.enter(0xa0);
                curve = params.element(0x06);
                break;
            }
            field = field.skipAny();
        }
        if (curve == null) {
            throw new GeneralSecurityException("an EC key without a named curve: convert it to PKCS#8");
        }
        return sequence(new byte[] {0x02, 0x01, 0x00}, sequence(EC_PUBLIC_KEY_OID, curve), octetString(sec1));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] octetString(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A cursor over DER elements between {@code pos} and {@code end}; just what SEC1 needs. */
    private static final class Der {
        final byte[] b;
        final int pos;
        final int end;

        Der(byte[] b, int pos) {
            this(b, pos, b.length);
        }

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        int tag() throws GeneralSecurityException {
            if (pos >= end) {
                throw new GeneralSecurityException("truncated DER");
            }
            return b[pos];
        }

        /** [content start, content end] of the element here. */
        private int[] bounds() throws GeneralSecurityException {
            int p = pos + 1;
            if (p >= end) {
                throw new GeneralSecurityException("truncated DER");
            }
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || p + n > end) {
                    throw new GeneralSecurityException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (p + len > end) {
                throw new GeneralSecurityException("truncated DER");
            }
            return new int[] {p, p + len};
        }

        Der enter(int tag) throws GeneralSecurityException {
            expect(tag);
            int[] c = bounds();
            return new Der(b, c[0], c[1]);
        }

        Der skip(int tag) throws GeneralSecurityException {
            expect(tag);
            return skipAny();
        }

        Der skipAny() throws GeneralSecurityException {
            return new Der(b, bounds()[1], end);
        }

        /** The whole element here (tag, length, content). */
        byte[] element(int tag) throws GeneralSecurityException {
            expect(tag);
            return java.util.Arrays.copyOfRange(b, pos, bounds()[1]);
        }

        private void expect(int tag) throws GeneralSecurityException {
            if ((tag() & 0xff) != tag) {
                throw new GeneralSecurityException("unexpected DER tag " + (tag() & 0xff));
            }
        }
    }
}
