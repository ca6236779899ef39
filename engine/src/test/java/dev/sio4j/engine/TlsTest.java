package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's {@code sslContext} option end to end: https polling and wss round trips with a
 * self-signed certificate made by the JDK's keytool at test time, TLS 1.2+ only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    KeyStore keyStore;
    EchoServer s;
    HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sio4j", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SslContext tls = SslContextBuilder.forServer(kmf).build();
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)).sslContext(tls)
                .cookie(CookieOptions.defaults()));

        // The client trusts exactly this certificate and checks the host name (127.0.0.1 is in its SAN).
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        Certificate cert = keyStore.getCertificate("sio4j");
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private String url(String scheme, String query) {
        return scheme + "://127.0.0.1:" + s.address.getPort() + "/engine.io/?" + query;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsPollingRoundTrip() throws Exception {
        HttpResponse<String> open = send(HttpRequest.newBuilder(URI.create(url("https", "EIO=4&transport=polling"))));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.sslSession()).hasValueSatisfying(ssl -> assertThat(ssl.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
        assertThat(open.body()).startsWith("0{\"sid\":\"");
        String sid = open.body().substring(9, open.body().indexOf('"', 9));
        assertThat(open.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
        assertThat(s.socketOf(sid).request().secure()).isTrue();

        String poll = url("https", "EIO=4&transport=polling&sid=" + sid);
        assertThat(send(HttpRequest.newBuilder(URI.create(poll)).POST(HttpRequest.BodyPublishers.ofString("4hello"))).body())
                .isEqualTo("ok");
        assertThat(send(HttpRequest.newBuilder(URI.create(poll))).body()).isEqualTo("4hello");
    }

    @Test
    void wssRoundTripAndUpgradeFromHttps() throws Exception {
        Http.Ws direct = Http.Ws.open(client, url("wss", "EIO=4&transport=websocket"));
        String open = direct.nextText();
        assertThat(open).startsWith("0{\"sid\":\"");
        assertThat(s.socketOf(open.substring(9, open.indexOf('"', 9))).request().secure()).isTrue();
        direct.send("4über");
        assertThat(direct.nextText()).isEqualTo("4über");
        direct.abort();

        String body = send(HttpRequest.newBuilder(URI.create(url("https", "EIO=4&transport=polling")))).body();
        String sid = body.substring(9, body.indexOf('"', 9));
        Http.Ws ws = Http.Ws.open(client, url("wss", "EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        ws.send("5");
        ws.send("4upgraded");
        assertThat(ws.nextText()).isEqualTo("4upgraded");
        assertThat(s.socketOf(sid).transport()).isEqualTo(Transport.WEBSOCKET);
        ws.abort();
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoEngineAnswer() {
        assertThatThrownBy(() -> Http.get("http://127.0.0.1:" + s.address.getPort() + "/engine.io/?EIO=4&transport=polling"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void contextsWithoutTls12OrLaterAreRefused() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SslContext old = SslContextBuilder.forServer(kmf).protocols("TLSv1.1", "TLSv1").build();
        assertThatThrownBy(() -> EngineOptions.builder().sslContext(old).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLSv1.2");
        SslContext clientSide = SslContextBuilder.forClient().build();
        assertThatThrownBy(() -> EngineOptions.builder().sslContext(clientSide).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server context");
    }
}
