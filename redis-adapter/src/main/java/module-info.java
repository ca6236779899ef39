// SPDX-License-Identifier: Apache-2.0
/** Cluster adapters on Redis pub/sub (classic and sharded), wire-compatible with @socket.io/redis-adapter. */
@SuppressWarnings("module") // qualified exports name modules built after this one
module dev.sio4j.redis {
    requires transitive dev.sio4j.adapter;
    requires lettuce.core;
    requires io.netty.common;
    requires org.slf4j;

    exports dev.sio4j.redis;
    // The Redis connection plumbing, shared with the streams adapter.
    exports dev.sio4j.redis.internal to dev.sio4j.redis.streams;
}
