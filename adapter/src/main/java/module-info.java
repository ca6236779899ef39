// SPDX-License-Identifier: Apache-2.0
/**
 * The Adapter SPI (rooms, broadcasts, the connection state recovery store), the in-memory
 * adapter, and the cluster adapter base that the Redis adapters build on.
 */
@SuppressWarnings("module") // qualified exports name modules built after this one
module dev.sio4j.adapter {
    requires transitive dev.sio4j.protocol;
    requires org.slf4j;

    exports dev.sio4j.adapter;
    exports dev.sio4j.adapter.cluster;
    // The cluster messages' MessagePack codec, shared by the Redis adapters.
    exports dev.sio4j.adapter.internal to dev.sio4j.redis, dev.sio4j.redis.streams;
}
