// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import dev.sio4j.redis.RedisAdapter;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.ShardedRedisAdapterOptions;
import dev.sio4j.redis.streams.RedisStreamsAdapter;
import dev.sio4j.redis.streams.RedisStreamsAdapterOptions;

/**
 * The adapter of a chat node that joins a cluster through Redis, with the official adapters'
 * defaults (prefix {@code socket.io}), so that Node.js chat nodes on the same Redis and the same
 * adapter share the cluster.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterAdapters {

    private ClusterAdapters() {
    }

    /** The factory of {@code mode}'s adapter on the Redis at {@code uri}; it connects at once, without blocking. */
    public static ClusterAdapterFactory redis(String uri, RedisMode mode) {
        return switch (mode) {
            case CLASSIC -> RedisAdapter.classic(RedisAdapterOptions.builder(uri).build());
            case SHARDED -> RedisAdapter.sharded(ShardedRedisAdapterOptions.builder(uri).build());
            case STREAMS -> RedisStreamsAdapter.create(RedisStreamsAdapterOptions.builder(uri).build());
        };
    }
}
