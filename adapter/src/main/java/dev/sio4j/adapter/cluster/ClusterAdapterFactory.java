// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import dev.sio4j.adapter.AdapterFactory;

/**
 * A factory of cluster adapters that share one connection to the cluster's transport (the Redis
 * adapters' entry points implement it), with what operations need to see of that connection.
 *
 * <pre>{@code
 * ClusterAdapterFactory redis = RedisAdapter.classic(RedisAdapterOptions.builder(uri).build());
 * SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
 * ...
 * io.close();
 * redis.close();    // after the server: its adapters say goodbye first
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface ClusterAdapterFactory extends AdapterFactory, AutoCloseable {

    /** Whether the connection to the transport is up now (a readiness check; cheap, never blocks). */
    boolean isConnected();

    /** The counters of every adapter this factory created, summed; {@code nodes} is the largest. */
    ClusterStats stats();

    /** Closes the connections; adapters created by it stop working. Idempotent. */
    @Override
    void close();
}
