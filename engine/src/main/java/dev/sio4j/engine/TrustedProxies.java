// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.engine.internal.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reverse proxies (load balancers, TLS terminators) whose forwarding headers the engine
 * believes: {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}, {@code X-Forwarded-Proto}
 * and {@code X-Forwarded-Host}. When the TCP peer of a request is in one of these ranges, the
 * client address is read from the forwarding chain, right to left, skipping every trusted hop
 * (the first untrusted address is the client; a client cannot forge hops to the right of the
 * proxy that appended its address), and the scheme and host come from the proxy. From any other
 * peer the headers are ignored: anyone can send them. Default: {@link #none()}.
 *
 * <p>The client address is what {@link EngineRequest#clientAddress()} reports, what the
 * per-address limits count ({@link ConnectionLimits}), what the Origin check compares with (the
 * forwarded scheme and host) and what logs show; {@link EngineRequest#secure()} is true behind a
 * trusted proxy that says {@code https}, so the session cookie gets {@code Secure}.
 *
 * <pre>{@code
 * EngineOptions.builder()
 *         .trustedProxies(TrustedProxies.of("127.0.0.1", "::1", "10.0.0.0/8"))   // nginx here, the LB there
 *         .build();
 * }</pre>
 *
 * <p>Ranges are CIDR blocks of literal addresses ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare
 * address is a block of one. Host names are refused: they would need DNS. An IPv4 address in
 * IPv6 form ({@code ::ffff:10.0.0.1}) matches the IPv4 ranges.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** No proxy is trusted: forwarding headers are always ignored. */
    public static TrustedProxies none() {
        return NONE;
    }

    /** The loopback ranges ({@code 127.0.0.0/8}, {@code ::1}): a proxy on the same machine. */
    public static TrustedProxies loopback() {
        return of("127.0.0.0/8", "::1");
    }

    /**
     * Trusts the peers in {@code cidrs}.
     *
     * @throws IllegalArgumentException for a block that is not a literal address with an
     *         optional prefix length in range
     */
    public static TrustedProxies of(String... cidrs) {
        List<Block> blocks = new ArrayList<>(cidrs.length);
        for (String cidr : cidrs) {
            blocks.add(parse(Objects.requireNonNull(cidr, "cidr")));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(blocks));
    }

    private static Block parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = IpAddresses.literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + cidr + "'");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
            }
        }
        return new Block(bytes, prefix, s);
    }

    /** Whether {@code address} is in one of the trusted ranges. */
    public boolean trusts(InetAddress address) {
        if (address == null || blocks.isEmpty()) {
            return false;
        }
        byte[] bytes = IpAddresses.canonical(address.getAddress());
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The ranges as given. */
    public List<String> cidrs() {
        return blocks.stream().map(Block::text).toList();
    }

    @Override
    public String toString() {
        return "TrustedProxies" + cidrs();
    }
}
