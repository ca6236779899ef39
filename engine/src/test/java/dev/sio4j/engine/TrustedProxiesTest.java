// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR ranges of trusted proxies: parsing without DNS, matching IPv4, IPv6 and mapped forms. */
class TrustedProxiesTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByAddress(dev.sio4j.engine.internal.IpAddresses.literal(literal));
    }

    @Test
    void rangesMatchTheirAddressesOnly() throws Exception {
        TrustedProxies t = TrustedProxies.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12");
        assertThat(t.trusts(ip("10.255.1.2"))).isTrue();
        assertThat(t.trusts(ip("11.0.0.1"))).isFalse();
        assertThat(t.trusts(ip("192.168.1.7"))).isTrue();
        assertThat(t.trusts(ip("192.168.1.8"))).isFalse();
        assertThat(t.trusts(ip("fd12:3456::1"))).isTrue();
        assertThat(t.trusts(ip("fe80::1"))).isFalse();
        assertThat(t.trusts(ip("172.31.255.255"))).isTrue();
        assertThat(t.trusts(ip("172.32.0.0"))).isFalse();
        assertThat(t.trusts(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
            10, 1, 2, 3}))).as("IPv4-mapped IPv6").isTrue();
        assertThat(t.trusts(null)).isFalse();
    }

    @Test
    void noneAndLoopback() throws Exception {
        assertThat(TrustedProxies.none().isEmpty()).isTrue();
        assertThat(TrustedProxies.none().trusts(ip("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.of()).isSameAs(TrustedProxies.none());
        assertThat(TrustedProxies.loopback().trusts(ip("127.0.0.1"))).isTrue();
        assertThat(TrustedProxies.loopback().trusts(ip("::1"))).isTrue();
        assertThat(TrustedProxies.loopback().trusts(ip("10.0.0.1"))).isFalse();
        assertThat(TrustedProxies.of(" 10.0.0.0/8 ").cidrs()).containsExactly("10.0.0.0/8");
        assertThat(TrustedProxies.of("0.0.0.0/0").trusts(ip("8.8.8.8"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "proxy.example", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::1/129",
        "10.0.0", "999.1.1.1", "10.0.0.1/8/8"})
    void anythingButALiteralRangeIsRefused(String cidr) {
        assertThatThrownBy(() -> TrustedProxies.of(cidr)).isInstanceOf(IllegalArgumentException.class);
    }
}
