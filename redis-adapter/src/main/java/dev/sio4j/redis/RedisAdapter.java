// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.internal.RedisAdapterFactory;

/**
 * Cluster adapters over Redis Pub/Sub, wire-compatible with {@code @socket.io/redis-adapter}
 * 8.x, so sio4j nodes and Node.js socket.io nodes share one cluster:
 * <ul>
 *   <li>{@link #classic}: {@code createAdapter}'s format (also what
 *       {@code @socket.io/redis-emitter} speaks);</li>
 *   <li>{@link #sharded}: {@code createShardedAdapter}'s format, on Redis 7's sharded Pub/Sub.</li>
 * </ul>
 * Every node of a cluster must use the same of the two, with the same prefix.
 *
 * <p>The factory opens two Redis connections (commands, Pub/Sub) at once, without blocking;
 * {@code SocketIoServer.ready()} completes when they are up and every namespace subscribed, and
 * fails if Redis cannot be reached then. Afterwards it survives Redis going away: publishes fail
 * fast while it is down (local delivery goes on; counted in {@code stats().publishFailures()}),
 * and it reconnects and resubscribes by itself. Nothing waits on Redis on an event loop.
 *
 * <pre>{@code
 * ClusterAdapterFactory redis = RedisAdapter.classic(RedisAdapterOptions.builder("redis://localhost:6379").build());
 * SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
 * io.ready().join();
 * ...
 * io.close();
 * redis.close();    // after the server
 * }</pre>
 *
 * <p>One factory serves one server. Thread-safe.
 */
public final class RedisAdapter {

    private RedisAdapter() {
    }

    /** The classic adapter ({@code createAdapter}). */
    public static ClusterAdapterFactory classic(RedisAdapterOptions options) {
        return RedisAdapterFactory.classic(java.util.Objects.requireNonNull(options, "options"));
    }

    /** The sharded adapter ({@code createShardedAdapter}); needs Redis 7. */
    public static ClusterAdapterFactory sharded(ShardedRedisAdapterOptions options) {
        return RedisAdapterFactory.sharded(java.util.Objects.requireNonNull(options, "options"));
    }
}
