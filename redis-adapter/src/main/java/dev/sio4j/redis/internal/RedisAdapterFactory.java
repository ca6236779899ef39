// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import dev.sio4j.adapter.Adapter;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.adapter.cluster.ClusterStats;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.ShardedRedisAdapterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The factory behind {@link dev.sio4j.redis.RedisAdapter}: opens the node's
 * {@link RedisConnections} at once (asynchronously; an adapter's {@code init()} completes once
 * they are up and its channels subscribed) and creates one adapter per namespace on them. Serves
 * one server: a second open adapter for the same namespace would share its channels, so it is
 * refused.
 *
 * <p>Thread-safe.
 */
public final class RedisAdapterFactory implements ClusterAdapterFactory {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapterFactory.class);

    /** Creates the adapter of a namespace on the connections; the Runnable is the adapter's close hook. */
    private interface Creator {
        RedisClusterAdapter create(AdapterNamespace nsp, CompletableFuture<RedisConnections> connections, Runnable onClose);
    }

    private final CompletableFuture<RedisConnections> connections;
    private final Creator creator;
    private final Map<String, RedisClusterAdapter> adapters = new ConcurrentHashMap<>();
    /** The counters of the adapters closed so far. */
    private volatile ClusterStats retired = new ClusterStats(0, 0, 0, 0, 0, 0, 0, 0);
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisAdapterFactory(CompletableFuture<RedisConnections> connections, Creator creator) {
        this.connections = connections;
        this.creator = creator;
        connections.whenComplete((c, err) -> {
            if (err != null) {
                log.warn("cannot connect to Redis: {}", err.toString());
            } else if (closed.get()) {
                c.close(); // closed while connecting
            }
        });
    }

    /** The classic adapter's factory. */
    public static RedisAdapterFactory classic(RedisAdapterOptions o) {
        return new RedisAdapterFactory(RedisTarget.open(o.redisUri(), o.client(), o.maxReconnectDelay(), o.commandTimeout()),
                (nsp, c, onClose) -> new ClassicRedisAdapter(nsp, o, c, onClose));
    }

    /** The sharded adapter's factory. */
    public static RedisAdapterFactory sharded(ShardedRedisAdapterOptions o) {
        return new RedisAdapterFactory(RedisTarget.open(o.redisUri(), o.client(), o.maxReconnectDelay(), o.commandTimeout()),
                (nsp, c, onClose) -> new ShardedRedisAdapter(nsp, o, c, onClose));
    }

    @Override
    public Adapter create(AdapterNamespace namespace) {
        if (closed.get()) {
            throw new IllegalStateException("this Redis adapter factory is closed");
        }
        RedisClusterAdapter[] made = new RedisClusterAdapter[1];
        made[0] = creator.create(namespace, connections, () -> retire(namespace.name(), made[0]));
        if (adapters.putIfAbsent(namespace.name(), made[0]) != null) {
            throw new IllegalStateException("namespace " + namespace.name()
                    + " already has an open Redis adapter from this factory: use one factory per server");
        }
        return made[0];
    }

    private void retire(String nsp, RedisClusterAdapter adapter) {
        if (adapters.remove(nsp, adapter)) {
            synchronized (this) {
                retired = sum(retired, adapter.stats());
            }
        }
    }

    @Override
    public boolean isConnected() {
        RedisConnections c = RedisConnections.openedOrNull(connections);
        return c != null && c.isConnected();
    }

    @Override
    public ClusterStats stats() {
        ClusterStats total;
        synchronized (this) {
            total = retired;
        }
        for (RedisClusterAdapter a : adapters.values()) {
            total = sum(total, a.stats());
        }
        return total;
    }

    private static ClusterStats sum(ClusterStats a, ClusterStats b) {
        return new ClusterStats(a.published() + b.published(), a.publishFailures() + b.publishFailures(),
                a.received() + b.received(), a.malformed() + b.malformed(), a.requests() + b.requests(),
                a.requestTimeouts() + b.requestTimeouts(), a.requestNanos() + b.requestNanos(), Math.max(a.nodes(), b.nodes()));
    }

    /** The connections once open (for tests and sibling modules). */
    public CompletableFuture<RedisConnections> connections() {
        return connections;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            adapters.values().forEach(RedisClusterAdapter::close);
            RedisConnections c = RedisConnections.openedOrNull(connections);
            if (c != null) {
                c.close();
            }
        }
    }
}
