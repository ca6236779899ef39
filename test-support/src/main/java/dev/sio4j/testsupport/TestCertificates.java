// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC key and certificate made by the JDK's keytool for one test run, and the TLS
 * contexts built from it. No key material lives in the repository: every run makes its own, valid
 * for two days.
 *
 * <pre>{@code
 * TestCertificates cert = TestCertificates.generate(tempDir, "localhost", "dns:localhost,ip:127.0.0.1");
 * SslContext server = cert.nettyServerContext();        // for the server under test
 * SSLContext client = cert.trustingClientContext();     // trusts this certificate only
 * }</pre>
 *
 * <p>Immutable after {@link #generate}; thread-safe.
 */
public final class TestCertificates {

    private static final String ALIAS = "server";
    private static final char[] PASSWORD = "changeit".toCharArray();
    /** keytool normally takes a second or two; a JVM start on a loaded machine can take far longer. */
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path file;
    private final KeyStore keyStore;

    private TestCertificates(Path file, KeyStore keyStore) {
        this.file = file;
        this.keyStore = keyStore;
    }

    /**
     * Makes a key pair and a self-signed certificate for {@code CN=commonName} whose subject
     * alternative names are {@code san} in keytool's syntax ({@code "dns:localhost,ip:127.0.0.1"}),
     * stored as PKCS#12 in {@code dir}.
     *
     * @throws IOException when keytool fails or does not finish within a minute
     */
    public static TestCertificates generate(Path dir, String commonName, String san)
            throws IOException, GeneralSecurityException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(san, "san");
        String base = commonName.replaceAll("[^A-Za-z0-9.-]", "_");
        Path file = dir.resolve(base + ".p12");
        Path log = dir.resolve(base + ".keytool.log");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // Output goes to a file, not a pipe: nobody reads a pipe while waiting, so it could fill and stall keytool.
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + commonName, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return new TestCertificates(file, ks);
    }

    /** The PKCS#12 file holding the key and certificate (e.g. for a Node https server's {@code pfx}). */
    public Path pkcs12() {
        return file;
    }

    /** The password of {@link #pkcs12()} and of the key in it. */
    public String password() {
        return new String(PASSWORD);
    }

    /**
     * Writes the certificate and its unencrypted PKCS#8 key as PEM files (as certbot's
     * {@code fullchain.pem} and {@code privkey.pem}), replacing what {@code chain} and {@code key} held.
     */
    public void writePem(Path chain, Path key) throws IOException, GeneralSecurityException {
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(chain, "-----BEGIN CERTIFICATE-----\n"
                + b64.encodeToString(keyStore.getCertificate(ALIAS).getEncoded()) + "\n-----END CERTIFICATE-----\n",
                StandardCharsets.US_ASCII);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(keyStore.getKey(ALIAS, PASSWORD).getEncoded()) + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    /** The key store as loaded from {@link #pkcs12()}. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** Key managers holding this key, for building server contexts. A new factory on every call. */
    public KeyManagerFactory keyManagers() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        return kmf;
    }

    /** A Netty server context builder with this key and Netty's defaults otherwise (no protocols pinned). */
    public SslContextBuilder nettyServerContextBuilder() throws GeneralSecurityException {
        return SslContextBuilder.forServer(keyManagers());
    }

    /** A Netty server context with this key, TLS 1.3 and 1.2 only. */
    public SslContext nettyServerContext() throws GeneralSecurityException, IOException {
        return nettyServerContextBuilder().protocols("TLSv1.3", "TLSv1.2").build();
    }

    /** A JDK server context with this key (for blocking {@code SSLServerSocket} servers). */
    public SSLContext jdkServerContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers().getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingClientContext() throws GeneralSecurityException, IOException {
        return trustingClientContext("TLS");
    }

    /** A client context trusting this certificate only, from {@code SSLContext.getInstance(protocol)}. */
    public SSLContext trustingClientContext(String protocol) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
