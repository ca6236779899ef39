// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.redis;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.RedisAdapter;
import dev.sio4j.redis.ShardedRedisAdapterOptions;

import java.time.Duration;

/**
 * {@link MixedRedisCluster} on the sharded adapters (dynamic mode). The sio4j nodes send
 * heartbeats, which the official adapter ignores: everything still works with them on.
 */
class ShardedMixedClusterTest extends MixedRedisCluster {
    @Override
    String mode() {
        return "sharded";
    }

    @Override
    ClusterAdapterFactory factory(String redisUri) {
        return RedisAdapter.sharded(ShardedRedisAdapterOptions.builder(redisUri)
                .heartbeats(true).heartbeatInterval(Duration.ofMillis(200)).heartbeatTimeout(Duration.ofSeconds(1)).build());
    }
}
