// SPDX-License-Identifier: Apache-2.0
/**
 * Cluster adapters over Redis Pub/Sub, wire-compatible with {@code @socket.io/redis-adapter} 8.x
 * so that sio4j and Node.js socket.io nodes share one cluster: {@link dev.sio4j.redis.RedisAdapter#classic}
 * ({@code createAdapter}'s format, which {@code @socket.io/redis-emitter} also speaks) and
 * {@link dev.sio4j.redis.RedisAdapter#sharded} ({@code createShardedAdapter}'s, Redis 7 sharded
 * Pub/Sub). Setup, the wire format and the failure behaviour are in the project's docs/CLUSTER.md.
 *
 * <pre>{@code
 * ClusterAdapterFactory redis = RedisAdapter.classic(RedisAdapterOptions.builder("redis://localhost:6379").build());
 * SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
 * }</pre>
 */
package dev.sio4j.redis;
