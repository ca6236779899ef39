// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.TrustedProxies;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which forwarding headers are believed, and how the client address is found in a chain. */
class ForwardedHeadersTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of("127.0.0.1", "10.0.0.0/8");

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByAddress(IpAddresses.literal(literal));
    }

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders h = new DefaultHttpHeaders().add("Host", "chat.example");
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    @Test
    void headersFromAnUntrustedPeerAreIgnored() throws Exception {
        var r = ForwardedHeaders.resolve(ip("203.0.113.5"), false, headers("X-Forwarded-For", "1.2.3.4",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"), PROXIES);
        assertThat(r.client()).isEqualTo(ip("203.0.113.5"));
        assertThat(r.secure()).isFalse();
        assertThat(r.host()).isEqualTo("chat.example");
        assertThat(ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "1.2.3.4"),
                TrustedProxies.none()).client()).isEqualTo(ip("127.0.0.1"));
    }

    @Test
    void theFirstUntrustedHopFromTheRightIsTheClient() throws Exception {
        // The client forged "6.6.6.6"; the edge proxy (10.0.0.2) appended the real address.
        var r = ForwardedHeaders.resolve(ip("127.0.0.1"), false,
                headers("X-Forwarded-For", "6.6.6.6, 198.51.100.7", "X-Forwarded-For", "10.0.0.2"), PROXIES);
        assertThat(r.client()).isEqualTo(ip("198.51.100.7"));
        var allTrusted = ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "10.1.1.1, 10.0.0.2"),
                PROXIES);
        assertThat(allTrusted.client()).isEqualTo(ip("10.1.1.1"));
        var noHeader = ForwardedHeaders.resolve(ip("127.0.0.1"), true, headers(), PROXIES);
        assertThat(noHeader.client()).isEqualTo(ip("127.0.0.1"));
        assertThat(noHeader.secure()).isTrue();
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalkAtTheHopThatReportedIt() throws Exception {
        var r = ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "198.51.100.7, unknown, 10.0.0.2"),
                PROXIES);
        assertThat(r.client()).isEqualTo(ip("10.0.0.2"));
        var name = ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "localhost"), PROXIES);
        assertThat(name.client()).as("never resolved through DNS").isEqualTo(ip("127.0.0.1"));
    }

    @Test
    void portsAndBracketsAreAccepted() throws Exception {
        assertThat(ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "198.51.100.7:4711"), PROXIES)
                .client()).isEqualTo(ip("198.51.100.7"));
        assertThat(ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "[2001:db8::1]:4711"), PROXIES)
                .client()).isEqualTo(ip("2001:db8::1"));
        assertThat(ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("X-Forwarded-For", "2001:db8::2"), PROXIES)
                .client()).isEqualTo(ip("2001:db8::2"));
    }

    @Test
    void protoAndHostComeFromATrustedProxy() throws Exception {
        var r = ForwardedHeaders.resolve(ip("10.0.0.2"), false, headers("X-Forwarded-Proto", "https, http",
                "X-Forwarded-Host", "app.example:8443"), PROXIES);
        assertThat(r.secure()).isTrue();
        assertThat(r.host()).isEqualTo("app.example:8443");
        var plain = ForwardedHeaders.resolve(ip("10.0.0.2"), true, headers("X-Forwarded-Proto", "http"), PROXIES);
        assertThat(plain.secure()).as("the proxy's word over this hop's TLS").isFalse();
        var emptyHost = ForwardedHeaders.resolve(ip("10.0.0.2"), false, headers("X-Forwarded-Host", ""), PROXIES);
        assertThat(emptyHost.host()).isEqualTo("chat.example");
    }

    @Test
    void rfc7239ForwardedWinsOverTheXHeaders() throws Exception {
        var r = ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers(
                "Forwarded", "for=198.51.100.7;proto=https;host=app.example, for=\"[2001:db8::5]:80\"",
                "Forwarded", "for=10.0.0.2",
                "X-Forwarded-For", "6.6.6.6"), PROXIES);
        assertThat(r.client()).isEqualTo(ip("2001:db8::5"));
        assertThat(r.secure()).isTrue();
        assertThat(r.host()).isEqualTo("app.example");
        var hidden = ForwardedHeaders.resolve(ip("127.0.0.1"), false, headers("Forwarded", "for=_hidden"), PROXIES);
        assertThat(hidden.client()).isEqualTo(ip("127.0.0.1"));
    }
}
