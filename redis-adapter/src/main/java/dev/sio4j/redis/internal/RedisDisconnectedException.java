// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

/**
 * A Redis command was refused without being sent because its connection is down (Redis is
 * restarting, unreachable, or the connections were closed). Nothing was queued.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisDisconnectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code closed}: the connections were closed on purpose, rather than lost. */
    public RedisDisconnectedException(boolean closed) {
        super(closed ? "the Redis connections are closed" : "not connected to Redis");
    }
}
