// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Origin check on without configuration (SECURITY-CASES row 50, issue 9 item 1): a page of
 * another site is refused on polling (403 code 4) and on a WebSocket upgrade (400), on the
 * handshake and on requests of an existing session alike; the server's own pages, non-browser
 * clients, the CORS allow-list and (behind a trusted proxy) the forwarded origin pass.
 */
class OriginDefaultTest {

    private static final RawClient HTTP = RawClient.shared();

    private static EchoServer server(UnaryOperator<EngineOptions.Builder> tweak) {
        return new EchoServer(b -> tweak.apply(b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))));
    }

    private static String own(EchoServer s) {
        return "http://127.0.0.1:" + s.address.getPort();
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        return RawClient.shared().get(url, headers);
    }

    /** The response head and body to a raw upgrade request with {@code headers}. */
    private static String upgrade(EchoServer s, String headers) throws Exception {
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", headers).replace("Host: x", "Host: 127.0.0.1:"
                    + s.address.getPort()));
            return raw.readResponse();
        }
    }

    @Test
    void anotherSiteIsRefusedOnPollingAndUpgradeWithoutAnyConfiguration() throws Exception {
        try (EchoServer s = server(b -> b)) {
            HttpResponse<String> polling = get(s.url("EIO=4&transport=polling"), "Origin", "https://evil.example");
            assertThat(polling.statusCode()).isEqualTo(403);
            assertThat(polling.body()).startsWith("{\"code\":4,\"message\":\"Forbidden\",\"id\":\"");
            assertThat(upgrade(s, "Origin: https://evil.example\r\n")).startsWith("HTTP/1.1 400").endsWith("Forbidden");
            assertThat(s.server.clientsCount()).isZero();
        }
    }

    @Test
    void theServersOwnPagesAndNonBrowserClientsPass() throws Exception {
        try (EchoServer s = server(b -> b)) {
            assertThat(get(s.url("EIO=4&transport=polling"), "Origin", own(s)).body()).startsWith("0{");
            assertThat(upgrade(s, "Origin: " + own(s) + "\r\n")).startsWith("HTTP/1.1 101");
            assertThat(get(s.url("EIO=4&transport=polling")).body()).as("no Origin").startsWith("0{");
        }
    }

    @Test
    void requestsOfAnExistingSessionAreCheckedToo() throws Exception {
        try (EchoServer s = server(b -> b)) {
            String sid = s.openPolling();
            assertThat(get(s.pollUrl(sid), "Origin", "https://evil.example").statusCode()).isEqualTo(403);
            assertThat(HTTP.post(s.pollUrl(sid), "4still here").statusCode()).isEqualTo(200);
            assertThat(get(s.pollUrl(sid)).body()).isEqualTo("4still here");
        }
    }

    @Test
    void requireOriginRefusesNonBrowserClients() throws Exception {
        try (EchoServer s = server(b -> b.requireOrigin(true))) {
            assertThat(get(s.url("EIO=4&transport=polling")).statusCode()).isEqualTo(403);
            assertThat(upgrade(s, "")).startsWith("HTTP/1.1 400");
            assertThat(get(s.url("EIO=4&transport=polling"), "Origin", own(s)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsWidensTheCheckToItsAllowList() throws Exception {
        try (EchoServer s = server(b -> b.cors(CorsOptions.allowOrigins("https://app.example")))) {
            HttpResponse<String> listed = get(s.url("EIO=4&transport=polling"), "Origin", "https://app.example");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
            assertThat(upgrade(s, "Origin: https://app.example\r\n")).startsWith("HTTP/1.1 101");
            assertThat(get(s.url("EIO=4&transport=polling"), "Origin", own(s)).statusCode()).isEqualTo(200);
            assertThat(get(s.url("EIO=4&transport=polling"), "Origin", "https://other.example").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void theOriginBehindATrustedProxyIsTheForwardedOne() throws Exception {
        String[] forwarded = {"Origin", "https://chat.example", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example"};
        try (EchoServer s = server(b -> b.trustedProxies("127.0.0.1"))) {
            assertThat(get(s.url("EIO=4&transport=polling"), forwarded).statusCode()).isEqualTo(200);
            assertThat(get(s.url("EIO=4&transport=polling"), "Origin", "https://chat.example").statusCode())
                    .as("without X-Forwarded-Proto and -Host the own origin is this server's").isEqualTo(403);
        }
        try (EchoServer s = server(b -> b)) {
            assertThat(get(s.url("EIO=4&transport=polling"), forwarded).statusCode()).as("untrusted peer").isEqualTo(403);
        }
    }

    @Test
    void allowAnyOriginLetsEverySiteInAndWarnsOnce() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (EchoServer s = server(EngineOptions.Builder::allowAnyOrigin)) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(s.url("EIO=4&transport=polling"), "Origin", "https://site" + i + ".example").statusCode())
                        .isEqualTo(200);
            }
            assertThat(upgrade(s, "Origin: https://evil.example\r\n")).startsWith("HTTP/1.1 101");
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("the Origin check is off", -1)).as(log).hasSize(2);
    }
}
