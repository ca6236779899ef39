// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.TestCertificates;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from certificate files (issue 9, item 6): PEM and PKCS#12, reloaded without a restart on
 * reloadTls() or when the files change, a bad reload keeping the certificate in use. Certificates
 * are made by keytool for this run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsFilesTest {

    private static final String SAN = "dns:localhost,ip:127.0.0.1";
    TestCertificates a;
    TestCertificates b;
    TestCertificates c;

    @BeforeAll
    void certificates(@TempDir Path dir) throws Exception {
        a = TestCertificates.generate(dir, "a.test", SAN);
        b = TestCertificates.generate(dir, "b.test", SAN);
        c = TestCertificates.generate(dir, "c.test", SAN);
    }

    private static EchoServer server(TlsOptions tls) {
        return new EchoServer(e -> e.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)).tls(tls));
    }

    /** The common name of the certificate a new connection is served. */
    private static String served(EchoServer s) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", s.address.getPort())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return leaf.getSubjectX500Principal().getName().replace("CN=", "");
        }
    }

    private static int httpsHandshake(EchoServer s, TestCertificates trusted) throws Exception {
        RawClient https = RawClient.over(HttpClient.newBuilder().sslContext(trusted.trustingClientContext()).build());
        return https.get("https://127.0.0.1:" + s.address.getPort() + "/engine.io/?EIO=4&transport=polling").statusCode();
    }

    @Test
    void pemFilesServeAndReloadTlsSwapsTheCertificateForNewConnections(@TempDir Path dir) throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        a.writePem(chain, key);
        try (EchoServer s = server(TlsOptions.pem(chain, key).withReloadCheckInterval(Duration.ZERO))) {
            assertThat(served(s)).isEqualTo("a.test");
            assertThat(httpsHandshake(s, a)).isEqualTo(200);

            b.writePem(chain, key);
            s.server.reloadTls();
            assertThat(served(s)).isEqualTo("b.test");
            assertThat(httpsHandshake(s, b)).isEqualTo(200);

            // A renewal caught half-way: c's certificate with b's key.
            Path other = dir.resolve("other.pem");
            c.writePem(chain, other);
            assertThatThrownBy(() -> s.server.reloadTls()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not belong to the certificate");
            assertThat(served(s)).as("the certificate in use stays").isEqualTo("b.test");
        }
    }

    @Test
    void changedFilesAreReloadedByThemselves(@TempDir Path dir) throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        a.writePem(chain, key);
        try (EchoServer s = server(TlsOptions.pem(chain, key).withReloadCheckInterval(Duration.ofMillis(50)))) {
            assertThat(served(s)).isEqualTo("a.test");
            c.writePem(chain, key);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> served(s).equals("c.test"));
        }
    }

    @Test
    void aPkcs12StoreServes() throws Exception {
        try (EchoServer s = server(TlsOptions.pkcs12(b.pkcs12(), b.password()))) {
            assertThat(served(s)).isEqualTo("b.test");
            assertThat(httpsHandshake(s, b)).isEqualTo(200);
        }
        assertThatThrownBy(() -> EngineOptions.builder().tls(TlsOptions.pkcs12(b.pkcs12(), "wrong")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(b.pkcs12().toString());
    }

    @Test
    void unusableFilesFailTheBuildWithTheReason(@TempDir Path dir) throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        a.writePem(chain, key);
        assertThatThrownBy(() -> EngineOptions.builder().tls(TlsOptions.pem(chain, dir.resolve("missing.pem"))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
        Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> EngineOptions.builder().tls(TlsOptions.pem(chain, key)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted key");
        Files.writeString(key, "not a key", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> EngineOptions.builder().tls(TlsOptions.pem(chain, key)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM private key");
        io.netty.handler.ssl.SslContext context = a.nettyServerContext();
        assertThatThrownBy(() -> EngineOptions.builder().tls(TlsOptions.pem(chain, key)).sslContext(context).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reloadingWithoutFilesIsRefused() throws Exception {
        io.netty.handler.ssl.SslContext context = a.nettyServerContext();
        try (EchoServer s = new EchoServer(e -> e.sslContext(context))) {
            assertThatThrownBy(() -> s.server.reloadTls()).isInstanceOf(IllegalStateException.class);
            assertThat(served(s)).isEqualTo("a.test");
        }
    }
}
