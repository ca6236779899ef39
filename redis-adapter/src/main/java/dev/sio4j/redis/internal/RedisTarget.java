// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where the Redis adapters connect: a URI (then they make and own a client set up by
 * {@link RedisConnections#newClient}) or an application's own client (used as it is, never shut
 * down). Stateless; thread-safe.
 */
public final class RedisTarget {

    /** The default of {@code maxReconnectDelay}. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofMillis(200);

    /** The default of {@code commandTimeout}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private RedisTarget() {
    }

    /**
     * Validates the connection settings of an options builder.
     *
     * @throws IllegalArgumentException for an unparseable URI or a non-positive duration
     */
    public static void check(String redisUri, Duration maxReconnectDelay, Duration commandTimeout) {
        if (redisUri != null) {
            parse(redisUri);
        }
        positive(maxReconnectDelay, "maxReconnectDelay");
        positive(commandTimeout, "commandTimeout");
    }

    /** Throws IllegalArgumentException unless {@code d} is positive. */
    public static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static RedisURI parse(String redisUri) {
        try {
            return RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URI: " + redisUri + " (" + e.getMessage() + ")", e);
        }
    }

    /** Opens the connections: from {@code client} when given, else from a client of their own for {@code redisUri}. */
    public static CompletableFuture<RedisConnections> open(String redisUri, RedisClient client, Duration maxReconnectDelay,
                                                           Duration commandTimeout) {
        if (client != null) {
            return RedisConnections.open(client, null, null);
        }
        RedisURI uri = parse(redisUri);
        RedisClient own = RedisConnections.newClient(uri, maxReconnectDelay, commandTimeout);
        return RedisConnections.open(own, uri, () -> RedisConnections.shutdown(own));
    }
}
