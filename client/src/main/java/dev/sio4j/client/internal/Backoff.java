// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, with socket.io-client's semantics: the n-th delay (from 0) is
 * {@code min * 2^n}, moved up or down by a random fraction of at most {@code jitter} of itself,
 * then capped at {@code max}.
 *
 * <p>Not thread-safe: confined to its manager's event loop.
 */
public final class Backoff {

    private final long min;
    private final long max;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempts;

    /**
     * @param random uniform values in [0, 1); injectable so tests are deterministic
     */
    public Backoff(long minMillis, long maxMillis, double jitter, DoubleSupplier random) {
        this.min = minMillis;
        this.max = maxMillis;
        this.jitter = jitter;
        this.random = random;
    }

    /** The next delay in ms; counts one attempt. */
    public long duration() {
        int n = attempts++;
        // Doubling past 2^62 ms is meaningless and would overflow: the cap applies long before.
        double base = min * Math.pow(2, Math.min(n, 62));
        if (jitter > 0) {
            double r = random.getAsDouble();
            double deviation = Math.floor(r * jitter * base);
            // The same draw picks the direction, so one random number per attempt suffices.
            boolean down = (((long) Math.floor(r * 10)) & 1) == 0;
            base = down ? base - deviation : base + deviation;
        }
        return (long) Math.max(0, Math.min(base, (double) max));
    }

    /** Attempts counted since the last {@link #reset()}. */
    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
