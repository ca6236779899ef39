// SPDX-License-Identifier: Apache-2.0
/** The cluster adapter on a Redis stream, wire-compatible with @socket.io/redis-streams-adapter. */
module dev.sio4j.redis.streams {
    requires transitive dev.sio4j.adapter;
    requires dev.sio4j.redis;
    requires lettuce.core;
    requires io.netty.common;
    requires org.slf4j;

    exports dev.sio4j.redis.streams;
}
