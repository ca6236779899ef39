// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.examples.chat.internal.Durations;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The chat's operations options, mixed into {@link ChatMain}'s command line:
 * {@code [--drain-timeout D] [--no-health] [--no-ready]}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class OpsFlags {

    /** The default of {@code --drain-timeout}. */
    static final String DEFAULT_DRAIN_TIMEOUT = "10s";

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_DRAIN_TIMEOUT,
            description = "On SIGTERM (or Ctrl-C), how long the graceful drain may wait for acks in flight before "
                    + "the chat closes and exits: new sessions are refused with 503 and clients reconnect to "
                    + "another node (default: ${DEFAULT-VALUE}; 0s ends them at once).")
    String drainTimeout;

    @Option(names = "--no-health", negatable = false,
            description = "Do not serve GET /health (liveness, 200 while the process serves HTTP).")
    boolean noHealth;

    @Option(names = "--no-ready", negatable = false,
            description = "Do not serve GET /ready (readiness: 200 while accepting sessions and, with --redis, "
                    + "connected to Redis; 503 otherwise, e.g. during the drain).")
    boolean noReady;

    /** The probes these flags ask for. */
    ChatProbes toChatProbes() {
        return new ChatProbes(!noHealth, !noReady);
    }

    /**
     * The drain deadline.
     *
     * @throws IllegalArgumentException when it is not a duration, or negative
     */
    Duration drainTimeout() {
        Duration d = Durations.parse(drainTimeout);
        if (d.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must not be negative: " + drainTimeout);
        }
        return d;
    }
}
