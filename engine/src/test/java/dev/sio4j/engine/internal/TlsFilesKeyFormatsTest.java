// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The PEM key forms other than PKCS#8: PKCS#1 RSA and SEC1 EC (OpenSSL's traditional forms). */
class TlsFilesKeyFormatsTest {

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void pkcs1RsaKeysAreRead() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // PKCS#8 of RSA: SEQUENCE(4) INTEGER 0(3) AlgorithmIdentifier(15) OCTET STRING header(4), then PKCS#1.
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        assertThat(pkcs1[0]).isEqualTo((byte) 0x30);
        PrivateKey read = TlsFiles.readKey(pem("RSA PRIVATE KEY", pkcs1), pair.getPublic(), Path.of("key.pem"));
        assertThat(read.getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void sec1EcKeysWithANamedCurveAreReadAfterTheirParameters() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        BigInteger s = ((ECPrivateKey) pair.getPrivate()).getS();
        byte[] d = new byte[32];
        byte[] raw = s.toByteArray();
        System.arraycopy(raw, Math.max(0, raw.length - 32), d, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
        ByteArrayOutputStream sec1 = new ByteArrayOutputStream();
        sec1.writeBytes(new byte[] {0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20});
        sec1.writeBytes(d);
        sec1.writeBytes(new byte[] {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07});
        String file = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + pem("EC PRIVATE KEY", sec1.toByteArray());
        PrivateKey read = TlsFiles.readKey(file, pair.getPublic(), Path.of("key.pem"));
        assertThat(((ECPrivateKey) read).getS()).isEqualTo(s);
    }
}
