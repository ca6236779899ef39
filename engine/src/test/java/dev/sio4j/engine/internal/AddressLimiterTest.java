// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.RateLimit;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address limits on a clock the test controls: counting, exemptions, and eviction. */
class AddressLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private AddressLimiter limiter(ConnectionLimits limits) {
        return new AddressLimiter(limits, now::get);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByAddress(IpAddresses.literal(literal));
    }

    @Test
    void openSessionsPerAddressAreCappedAndReleasedSlotsComeBack() throws Exception {
        AddressLimiter l = limiter(ConnectionLimits.builder().maxConnectionsPerIp(2).handshakesPerIp(null).build());
        var a = l.admit(ip("198.51.100.7"));
        var b = l.admit(ip("198.51.100.7"));
        var c = l.admit(ip("198.51.100.7"));
        assertThat(a.admitted() && b.admitted()).isTrue();
        assertThat(c.refusal()).isEqualTo(AddressLimiter.Refusal.TOO_MANY_CONNECTIONS);
        assertThat(l.admit(ip("198.51.100.8")).admitted()).as("another address").isTrue();
        a.lease().release();
        a.lease().release(); // twice counts once
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue();
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isFalse();
    }

    @Test
    void handshakesPerAddressFollowTheTokenBucket() throws Exception {
        AddressLimiter l = limiter(ConnectionLimits.builder().maxConnectionsPerIp(0)
                .handshakesPerIp(RateLimit.perSecond(1).withBurst(2)).build());
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue();
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue();
        var refused = l.admit(ip("198.51.100.7"));
        assertThat(refused.refusal()).isEqualTo(AddressLimiter.Refusal.HANDSHAKE_RATE);
        assertThat(refused.retryAfterNanos()).isEqualTo(SECOND);
        now.addAndGet(SECOND);
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue();
    }

    @Test
    void loopbackIsExemptUnlessAskedAndUnknownPeersAreNeverLimited() throws Exception {
        ConnectionLimits one = ConnectionLimits.builder().maxConnectionsPerIp(1).build();
        AddressLimiter l = limiter(one);
        for (int i = 0; i < 5; i++) {
            assertThat(l.admit(ip("127.0.0.1")).admitted()).isTrue();
            assertThat(l.admit(ip("::1")).admitted()).isTrue();
            assertThat(l.admit(null).admitted()).isTrue();
        }
        assertThat(l.size()).isZero();
        AddressLimiter strict = limiter(one.toBuilder().limitLoopback(true).build());
        assertThat(strict.admit(ip("127.0.0.1")).admitted()).isTrue();
        assertThat(strict.admit(ip("127.0.0.1")).admitted()).isFalse();
        assertThat(limiter(ConnectionLimits.none()).admit(ip("198.51.100.7")).admitted()).isTrue();
    }

    @Test
    void ipv6AddressesCountPerSlash64AndMappedIpv4AsIpv4() throws Exception {
        AddressLimiter l = limiter(ConnectionLimits.builder().maxConnectionsPerIp(1).handshakesPerIp(null).build());
        assertThat(l.admit(ip("2001:db8:1:2::1")).admitted()).isTrue();
        assertThat(l.admit(ip("2001:db8:1:2:ffff::9")).admitted()).as("same /64").isFalse();
        assertThat(l.admit(ip("2001:db8:1:3::1")).admitted()).as("another /64").isTrue();
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue();
        assertThat(l.admit(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
            (byte) 198, 51, 100, 7})).admitted()).as("IPv4-mapped form of the same address").isFalse();
    }

    @Test
    void cyclingThroughTenThousandAddressesLeavesNothingBehind() throws Exception {
        AddressLimiter l = limiter(ConnectionLimits.defaults().toBuilder()
                .handshakesPerIp(RateLimit.perSecond(1).withBurst(3)).build());
        List<AddressLimiter.Lease> open = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            var admitted = l.admit(a);
            assertThat(admitted.admitted()).isTrue();
            if (i % 2 == 0) {
                admitted.lease().release(); // a session that ended
            } else {
                open.add(admitted.lease());
            }
        }
        assertThat(l.size()).as("open sessions and not yet refilled buckets").isEqualTo(10_000);
        open.forEach(AddressLimiter.Lease::release);
        now.addAndGet(AddressLimiter.SWEEP_INTERVAL_NANOS);
        assertThat(l.admit(ip("198.51.100.7")).admitted()).isTrue(); // the next handshake sweeps
        assertThat(l.size()).as("only the new address").isEqualTo(1);
    }

    @Test
    void anEntryIsDroppedAsSoonAsItsLastSessionEndsWithAFullBucket() throws Exception {
        AddressLimiter l = limiter(ConnectionLimits.builder().handshakesPerIp(RateLimit.perSecond(10)).build());
        var a = l.admit(ip("198.51.100.7"));
        now.addAndGet(SECOND);
        a.lease().release();
        assertThat(l.size()).isZero();
    }
}
