// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.RateLimit;

/**
 * A token bucket on a caller's clock (nanoseconds, e.g. {@code System.nanoTime()}; tests pass
 * their own). It starts full. A take larger than what is left passes only when the bucket is full
 * and then leaves it in debt, so that one message larger than the burst is not refused forever
 * but still costs its size. Not thread-safe: confine it, or guard it (the per-address limiter
 * does). Public for the Socket.IO layer's per-socket limits.
 */
public final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    public TokenBucket(RateLimit limit, long nowNanos) {
        this.perNano = limit.perSecond() / 1e9;
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes {@code n} tokens if there are enough (or the bucket is full); false when the limit is hit. */
    public boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n || tokens >= capacity) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Whether the bucket is full now: a bucket in this state is the same as a new one. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    /** Nanoseconds until one token is available (0 when one is). */
    public long nanosUntilOne(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
