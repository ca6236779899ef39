package dev.sio4j.interop.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made at test time with the JDK's keytool (no key material is kept in
 * the repository), with the server and client TLS contexts the TLS tests need.
 *
 * <p>Immutable after creation; thread-safe.
 */
final class TestCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path keyStoreFile;
    private final KeyStore keyStore;

    private TestCertificate(Path keyStoreFile, KeyStore keyStore) {
        this.keyStoreFile = keyStoreFile;
        this.keyStore = keyStore;
    }

    /**
     * Makes a key pair and a self-signed certificate whose subject alternative names are
     * {@code san} (keytool syntax, e.g. {@code "dns:localhost,ip:127.0.0.1"}).
     */
    static TestCertificate create(Path dir, String commonName, String san) throws IOException, GeneralSecurityException {
        Path file = dir.resolve(commonName.replaceAll("[^A-Za-z0-9.-]", "_") + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + commonName, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return new TestCertificate(file, ks);
    }

    /** The PKCS#12 file (key and certificate), e.g. for a Node https server's {@code pfx}. */
    Path pkcs12() {
        return keyStoreFile;
    }

    static String password() {
        return new String(PASSWORD);
    }

    /** A Netty server context with this key, TLS 1.2 and 1.3 only. */
    SslContext serverContext() throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        return SslContextBuilder.forServer(kmf).protocols("TLSv1.3", "TLSv1.2").build();
    }

    /** A client SSLContext that trusts exactly this certificate. */
    SSLContext trustingClientContext() throws GeneralSecurityException, IOException {
        return clientContext("TLS");
    }

    /** A client SSLContext trusting this certificate that speaks only {@code protocol}. */
    SSLContext clientContext(String protocol) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        Certificate cert = keyStore.getCertificate("server");
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
