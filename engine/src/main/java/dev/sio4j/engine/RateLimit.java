// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

/**
 * A token bucket's settings: {@code perSecond} tokens are added every second, up to
 * {@code burst}; each unit (a handshake, a packet, an event, a byte) takes one, and when none is
 * left the limit is hit. A bucket starts full, so a client may spend {@code burst} at once and
 * then {@code perSecond} on average.
 *
 * <pre>{@code
 * RateLimit handshakes = RateLimit.perSecond(100).withBurst(1000);
 * }</pre>
 *
 * @param perSecond tokens added per second, positive
 * @param burst     the bucket's size, at least 1
 *
 * <p>Immutable and thread-safe.
 */
public record RateLimit(double perSecond, long burst) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
    }

    /** {@code perSecond} with a burst of one second's worth (at least 1). */
    public static RateLimit perSecond(double perSecond) {
        return new RateLimit(perSecond, Math.max(1, (long) Math.ceil(perSecond)));
    }

    /** The same rate with another burst. */
    public RateLimit withBurst(long newBurst) {
        return new RateLimit(perSecond, newBurst);
    }
}
