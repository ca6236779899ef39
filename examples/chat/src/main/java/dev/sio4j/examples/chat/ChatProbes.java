// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

/**
 * Which probe endpoints the chat serves: {@code GET /health} (liveness) and {@code GET /ready}
 * (readiness: accepting sessions and, in a cluster, the adapter connected). Both are on by
 * default; see docs/OPERATIONS.md.
 *
 * @param health whether {@code /health} is served
 * @param ready whether {@code /ready} is served
 */
public record ChatProbes(boolean health, boolean ready) {

    /** Both endpoints. */
    public static ChatProbes defaults() {
        return new ChatProbes(true, true);
    }

    /** Neither endpoint. */
    public static ChatProbes off() {
        return new ChatProbes(false, false);
    }
}
