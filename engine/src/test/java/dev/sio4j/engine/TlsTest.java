// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.testsupport.TestCertificates;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
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

    private static final RawClient HTTP = RawClient.shared();

    TestCertificates cert;
    EchoServer s;
    HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cert = TestCertificates.generate(dir, "localhost", "ip:127.0.0.1,dns:localhost");
        SslContext tls = cert.nettyServerContextBuilder().build();
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)).sslContext(tls)
                .cookie(CookieOptions.defaults()));

        // The client trusts exactly this certificate and checks the host name (127.0.0.1 is in its SAN).
        client = HttpClient.newBuilder().sslContext(cert.trustingClientContext()).connectTimeout(Duration.ofSeconds(5)).build();
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
        return RawClient.over(client).send(b.timeout(Duration.ofSeconds(5)));
    }

    @Test
    void httpsPollingRoundTrip() throws Exception {
        HttpResponse<String> open = send(HTTP.request(url("https", "EIO=4&transport=polling")));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.sslSession()).hasValueSatisfying(ssl -> assertThat(ssl.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
        assertThat(open.body()).startsWith("0{\"sid\":\"");
        String sid = open.body().substring(9, open.body().indexOf('"', 9));
        assertThat(open.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
        assertThat(s.socketOf(sid).request().secure()).isTrue();

        String poll = url("https", "EIO=4&transport=polling&sid=" + sid);
        assertThat(send(HTTP.request(poll).POST(HttpRequest.BodyPublishers.ofString("4hello"))).body())
                .isEqualTo("ok");
        assertThat(send(HTTP.request(poll)).body()).isEqualTo("4hello");
    }

    @Test
    void wssRoundTripAndUpgradeFromHttps() throws Exception {
        RawWebSocket direct = RawWebSocket.open(client, url("wss", "EIO=4&transport=websocket"));
        String open = direct.nextText();
        assertThat(open).startsWith("0{\"sid\":\"");
        assertThat(s.socketOf(open.substring(9, open.indexOf('"', 9))).request().secure()).isTrue();
        direct.send("4über");
        assertThat(direct.nextText()).isEqualTo("4über");
        direct.abort();

        String body = send(HTTP.request(url("https", "EIO=4&transport=polling"))).body();
        String sid = body.substring(9, body.indexOf('"', 9));
        RawWebSocket ws = RawWebSocket.open(client, url("wss", "EIO=4&transport=websocket&sid=" + sid));
        ws.send("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        ws.send("5");
        ws.send("4upgraded");
        assertThat(ws.nextText()).isEqualTo("4upgraded");
        assertThat(s.socketOf(sid).transport()).isEqualTo(Transport.WEBSOCKET);
        ws.abort();
    }

    @Test
    void framesPipelinedAfterAWssUpgradeRequestAreDecodedAfterTheHandshake() throws Exception {
        // As PipelinedUpgradeTest, through TLS: the held bytes are decrypted ones and must be
        // replayed behind the TLS handler, into the WebSocket decoder.
        try (RawConnection raw = wssWithPipelined(WebSocketFrames.clientFrame(0x81, "4hi".getBytes(StandardCharsets.UTF_8), true))) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(raw.nextFrame().text()).startsWith("0{");
            assertThat(raw.nextFrame().text()).isEqualTo("4hi");
        }
        try (RawConnection raw = wssWithPipelined(WebSocketFrames.clientFrame(0xA1, "4x".getBytes(StandardCharsets.UTF_8), true))) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101");
            assertThat(raw.readClosePayload()).isEqualTo(WebSocketFrames.closePayload(1002)); // RSV2 with no extension
        }
    }

    /** A raw wss connection whose upgrade request and {@code frames} went out in one write. */
    private RawConnection wssWithPipelined(byte[] frames) throws Exception {
        SSLSocket tls = (SSLSocket) cert.trustingClientContext().getSocketFactory()
                .createSocket("127.0.0.1", s.address.getPort());
        RawConnection raw = RawConnection.over(tls);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", "").getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(frames);
        return raw.write(all.toByteArray());
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoEngineAnswer() {
        assertThatThrownBy(() -> HTTP.get("http://127.0.0.1:" + s.address.getPort() + "/engine.io/?EIO=4&transport=polling"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void contextsWithoutTls12OrLaterAreRefused() throws Exception {
        SslContext old = cert.nettyServerContextBuilder().protocols("TLSv1.1", "TLSv1").build();
        assertThatThrownBy(() -> EngineOptions.builder().sslContext(old).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLSv1.2");
        SslContext clientSide = SslContextBuilder.forClient().build();
        assertThatThrownBy(() -> EngineOptions.builder().sslContext(clientSide).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server context");
    }
}
