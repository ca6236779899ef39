// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The chat's metrics options, mixed into {@link ChatMain}'s command line:
 * {@code [--no-metrics] [--metrics-allow CIDR[,CIDR...]]}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class MetricsFlags {

    @Option(names = "--no-metrics",
            description = "Do not serve /metrics (Prometheus text format; served by default to this machine only).")
    boolean noMetrics;

    @Option(names = "--metrics-allow", paramLabel = "CIDR", split = ",",
            description = "Who may read /metrics instead of this machine only: addresses or CIDR blocks, e.g. "
                    + "10.0.0.0/8 for the scraper's network (checked against the TCP peer, never a forwarding header).")
    List<String> allow = new ArrayList<>();

    /**
     * The metrics settings these flags ask for.
     *
     * @throws IllegalArgumentException for an invalid block, or both flags at once
     */
    ChatMetrics toChatMetrics() {
        if (noMetrics) {
            if (!allow.isEmpty()) {
                throw new IllegalArgumentException("--no-metrics and --metrics-allow contradict each other");
            }
            return ChatMetrics.off();
        }
        return allow.isEmpty() ? ChatMetrics.loopbackOnly() : ChatMetrics.allowing(allow);
    }
}
