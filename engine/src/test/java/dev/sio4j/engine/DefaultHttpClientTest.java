// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK's default {@link HttpClient} prefers HTTP/2 and, on cleartext, offers an h2c upgrade
 * ({@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade: h2c}). engine.io ignores such an
 * offer and answers in HTTP/1.1; so must we: only a {@code websocket} upgrade is an upgrade.
 */
class DefaultHttpClientTest {

    @Test
    void pollingWorksWithTheDefaultHttp2PreferringClient() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
        try (EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)))) {
            HttpResponse<String> open = client.send(get(s.url("EIO=4&transport=polling")), HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(open.body()).startsWith("0{\"sid\":\"");
            String sid = open.body().substring(9, open.body().indexOf('"', 9));
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            assertThat(socket).isNotNull();

            // A fresh client for each request, so every one of them carries the h2c offer.
            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.pollUrl(sid)))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("4hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("ok");
            HttpResponse<String> poll = HttpClient.newHttpClient().send(get(s.pollUrl(sid)),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("4hello");
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void h2cOfferOnARawConnectionIsAnsweredInHttp11() throws Exception {
        try (EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)));
             RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAA\r\n\r\n");
            String res = raw.readResponse();
            assertThat(res).startsWith("HTTP/1.1 200 OK").doesNotContain("101").contains("0{\"sid\":\"");
            // The connection stays a keep-alive HTTP/1.1 connection.
            raw.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK");
            // An upgrade to something else on the websocket transport is no upgrade: a plain GET there is refused.
            raw.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("{\"code\":3,\"message\":\"Bad request\",\"id\":\"");
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    }
}
