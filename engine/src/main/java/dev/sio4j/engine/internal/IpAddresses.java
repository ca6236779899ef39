// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Literal IP addresses, parsed without DNS, with IPv4-mapped IPv6 addresses folded to IPv4 so
 * that one range or one limiter entry covers both forms. Stateless; thread-safe. Public only so
 * that {@code TrustedProxies} can use it.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The bytes of a literal IPv4 or IPv6 address ({@code [..]} allowed), canonical; or null. */
    public static byte[] literal(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        return bytes == null ? null : canonical(bytes);
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; other addresses unchanged. */
    public static byte[] canonical(byte[] bytes) {
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /**
     * A literal address from a forwarding-chain entry: {@code 203.0.113.7}, {@code 203.0.113.7:4711},
     * {@code 2001:db8::1} or {@code [2001:db8::1]:4711}; null for anything else.
     */
    static InetAddress fromChainEntry(String entry) {
        String s = entry.trim();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            s = end < 0 ? "" : s.substring(1, end);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        byte[] bytes = s.isEmpty() ? null : literal(s);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // only for a wrong length, which literal() never returns
        }
    }
}
