// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    static Path dir;
    static TestCertificates local;
    static TestCertificates other;

    @BeforeAll
    static void generate() throws Exception {
        local = TestCertificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        other = TestCertificates.generate(dir, "other host", "dns:other.test");
    }

    @Test
    void certificateCarriesTheRequestedNames() throws Exception {
        X509Certificate cert = (X509Certificate) local.keyStore().getCertificate("server");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(local.pkcs12()).exists().hasFileName("localhost.p12");
        assertThat(other.pkcs12()).hasFileName("other_host.p12");
    }

    @Test
    void nettyServerContextIsAServerContextLimitedToTls12And13() throws Exception {
        SslContext ctx = local.nettyServerContext();
        assertThat(ctx.isServer()).isTrue();
        assertThat(ctx.newEngine(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT).getEnabledProtocols())
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void trustingClientAcceptsThisCertificateOnly() throws Exception {
        assertThat(handshake(local.jdkServerContext(), local.trustingClientContext())).isNull();
        assertThat(handshake(local.jdkServerContext(), other.trustingClientContext()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void badSubjectAlternativeNameFailsWithKeytoolsMessage() {
        assertThatThrownBy(() -> TestCertificates.generate(dir, "bad", "nonsense:x"))
                .isInstanceOf(IOException.class).hasMessageContaining("keytool failed");
    }

    /** Null when a client with {@code client} completes a handshake with a server using {@code server}; else the error. */
    private static Exception handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (IOException e) {
                    // the client's failure is what the test looks at
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                return null;
            } catch (IOException e) {
                return e;
            } finally {
                accepted.get(15, TimeUnit.SECONDS);
            }
        }
    }
}
