// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.streams.internal.StreamsAdapterFactory;

import java.util.Objects;

/**
 * A cluster adapter over Redis streams, wire-compatible with @socket.io/redis-streams-adapter
 * 0.3: sio4j nodes and Node.js socket.io nodes using the official adapter on the same Redis form
 * one cluster, and with connection state recovery on, a client that drops from one node comes
 * back on any other (Java or Node) with its id, rooms, data and the broadcasts it missed.
 *
 * <pre>{@code
 * ClusterAdapterFactory redis = RedisStreamsAdapter.create(
 *         RedisStreamsAdapterOptions.builder("redis://127.0.0.1:6379").build());
 * SocketIoServer io = SocketIoServer.builder()
 *         .adapter(redis)
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults())
 *         .build();
 * io.ready().join();   // subscribed, and reading the stream
 * ...
 * io.close();
 * redis.close();       // after the server: sessions of the sockets it closed are written first
 * }</pre>
 *
 * <p>How it works: broadcasts (without acknowledgements), socketsJoin, socketsLeave and
 * disconnectSockets are appended to a stream ({@code XADD <stream> MAXLEN ~ <maxLen> * uid .. nsp
 * .. type .. data ..}) that every node reads with a blocking {@code XREAD} on a connection of its
 * own; an entry's id is the recovery offset, the same on every node, and the sender delivers to
 * its own sockets once the XADD returned it. fetchSockets, serverSideEmit and broadcasts with
 * acknowledgements are published on the namespace's channel and answered on the asking node's
 * own channel; the number of nodes is the number of subscribers of the namespace's channel.
 *
 * <p>Faults: while Redis is away, publishing fails at once ({@code ClusterPublishException},
 * counted in {@link ClusterAdapterFactory#stats()}) and every node keeps serving its own
 * sockets; the connections come back by themselves, and each stream is read on from the last
 * entry read, so nothing the stream still holds is skipped. Nothing waits for Redis on a server
 * thread.
 *
 * <p>Lifecycle: {@link #create} starts connecting and returns at once; the server's adapters
 * become ready when the connection is there (a failed first connect fails
 * {@code SocketIoServer.ready()}). One factory serves one server. Close it after the server.
 *
 * <p>Stateless; thread-safe.
 */
public final class RedisStreamsAdapter {

    private RedisStreamsAdapter() {
    }

    /** A factory of adapters for one server, connecting to Redis now (without waiting). */
    public static ClusterAdapterFactory create(RedisStreamsAdapterOptions options) {
        return StreamsAdapterFactory.start(Objects.requireNonNull(options, "options"));
    }
}
