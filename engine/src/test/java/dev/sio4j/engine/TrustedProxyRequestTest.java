// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers on a real server: believed from a trusted proxy (the client address, TLS
 * for the session cookie's {@code Secure}), ignored from anyone else.
 */
class TrustedProxyRequestTest {

    private static final RawClient HTTP = RawClient.shared();

    private static HttpResponse<String> handshake(EchoServer s, String... headers) throws Exception {
        return HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                .headers(headers).timeout(Duration.ofSeconds(5)));
    }

    private static String sid(HttpResponse<String> open) {
        String body = open.body();
        int i = body.indexOf("\"sid\":\"") + 7;
        return body.substring(i, body.indexOf('"', i));
    }

    @Test
    void aTrustedProxyNamesTheClientAndItsTls() throws Exception {
        try (EchoServer s = new EchoServer(b -> b.trustedProxies("127.0.0.1").cookie(CookieOptions.defaults()))) {
            HttpResponse<String> open = handshake(s, "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https");
            assertThat(open.statusCode()).isEqualTo(200);
            EngineRequest req = s.socketOf(sid(open)).request();
            assertThat(req.clientAddress()).isEqualTo(InetAddress.getByName("198.51.100.7"));
            assertThat(req.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(req.secure()).isTrue();
            assertThat(open.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
        }
    }

    @Test
    void withoutTrustTheHeadersAreIgnored() throws Exception {
        try (EchoServer s = new EchoServer(b -> b.cookie(CookieOptions.defaults()))) {
            HttpResponse<String> open = handshake(s, "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https");
            EngineRequest req = s.socketOf(sid(open)).request();
            assertThat(req.clientAddress().isLoopbackAddress()).isTrue();
            assertThat(req.secure()).isFalse();
            assertThat(open.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
        }
    }
}
