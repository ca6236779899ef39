// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.engine.TrustedProxies;
import dev.sio4j.examples.chat.internal.MetricsEndpoint;
import java.util.List;
import java.util.Objects;

/**
 * The chat's {@code /metrics} endpoint: the server's Micrometer meters (see docs/OPERATIONS.md)
 * and the JVM's, in Prometheus text format. On by default, and then readable from this machine
 * only (a scraper on the same host, or a sidecar); {@code --metrics-allow CIDR} widens that to a
 * scraper's network, {@code --no-metrics} turns it off. The peer of the TCP connection is what
 * is checked: forwarding headers are never believed here, so a public reverse proxy in front of
 * the chat does not open the endpoint to its clients.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatMetrics {

    private static final ChatMetrics OFF = new ChatMetrics(null);
    private static final ChatMetrics LOOPBACK = new ChatMetrics(TrustedProxies.loopback());

    /** Who may read the endpoint (a CIDR matcher), or null when it is off. */
    private final TrustedProxies readers;

    private ChatMetrics(TrustedProxies readers) {
        this.readers = readers;
    }

    /** No {@code /metrics} (404 there, and no meters are kept). */
    public static ChatMetrics off() {
        return OFF;
    }

    /** {@code /metrics} for clients on this machine (127.0.0.0/8 and ::1): the default. */
    public static ChatMetrics loopbackOnly() {
        return LOOPBACK;
    }

    /**
     * {@code /metrics} for the clients in {@code cidrs} (e.g. {@code 10.0.0.0/8}); loopback is not
     * added by itself.
     *
     * @throws IllegalArgumentException for a block that is not an address with an optional prefix
     */
    public static ChatMetrics allowing(List<String> cidrs) {
        Objects.requireNonNull(cidrs, "cidrs");
        if (cidrs.isEmpty()) {
            throw new IllegalArgumentException("--metrics-allow needs at least one address or CIDR block");
        }
        return new ChatMetrics(TrustedProxies.of(cidrs.toArray(String[]::new)));
    }

    /** Whether {@code /metrics} is served. */
    public boolean enabled() {
        return readers != null;
    }

    /** The ranges that may read it (empty when off). */
    public List<String> allowed() {
        return readers == null ? List.of() : readers.cidrs();
    }

    /** A registry and its endpoint when enabled; null otherwise. The caller closes it. */
    MetricsEndpoint open() {
        return readers == null ? null : new MetricsEndpoint(readers);
    }

    @Override
    public String toString() {
        return readers == null ? "ChatMetrics[off]" : "ChatMetrics" + readers.cidrs();
    }
}
