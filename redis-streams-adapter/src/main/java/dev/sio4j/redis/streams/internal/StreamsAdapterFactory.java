// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams.internal;

import dev.sio4j.adapter.Adapter;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.adapter.cluster.ClusterAdapterOptions;
import dev.sio4j.adapter.cluster.ClusterStats;
import dev.sio4j.redis.internal.RedisConnections;
import dev.sio4j.redis.internal.RedisDisconnectedException;
import dev.sio4j.redis.streams.RedisStreamsAdapterOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One node's link to the cluster for every namespace: the shared Redis connections (commands,
 * Pub/Sub), one more connection for the get-and-delete transaction of session recovery (a
 * {@code MULTI} on the shared one would capture other threads' commands), one reader per stream
 * in use, each on a connection of its own, and the adapters by namespace, to which the readers
 * hand the entries.
 *
 * <p>Connecting starts at once and never blocks; the adapters' {@code init()} complete when it is
 * done. One factory serves one server: a second adapter for a namespace that has a live one is
 * refused.
 *
 * <p>Thread-safe.
 */
public final class StreamsAdapterFactory implements ClusterAdapterFactory {

    private static final Logger log = LoggerFactory.getLogger(StreamsAdapterFactory.class);

    /** The shared connections and the transaction connection. */
    record Links(RedisConnections conns, StatefulRedisConnection<String, byte[]> tx) {
    }

    private final RedisStreamsAdapterOptions options;
    private final ClusterAdapterOptions clusterOptions;
    private final CompletableFuture<Links> links;
    private final Map<String, StreamsAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, StreamReader> readers = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> pendingWrites = ConcurrentHashMap.newKeySet();
    private final LongAdder malformed = new LongAdder();
    private final AtomicReference<ClusterStats> retired = new AtomicReference<>(new ClusterStats(0, 0, 0, 0, 0, 0, 0, 0));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final Object txLock = new Object();

    private StreamsAdapterFactory(RedisStreamsAdapterOptions options, CompletableFuture<Links> links) {
        this.options = options;
        this.clusterOptions = ClusterAdapterOptions.builder()
                .heartbeats(false) // the official streams adapter sends none and counts nodes with NUMSUB
                .requestsTimeout(options.requestsTimeout())
                .build();
        this.links = links;
    }

    /** A factory that starts connecting now. */
    public static StreamsAdapterFactory start(RedisStreamsAdapterOptions options) {
        RedisClient client;
        RedisURI uri;
        Runnable onClose;
        if (options.client() != null) {
            client = options.client();
            uri = null;
            onClose = null;
        } else {
            uri = options.uri();
            RedisClient own = RedisConnections.newClient(uri, options.maxReconnectDelay(), options.commandTimeout());
            client = own;
            onClose = () -> RedisConnections.shutdown(own);
        }
        CompletableFuture<Links> links = RedisConnections.open(client, uri, onClose)
                .thenCompose(conns -> conns.openDedicated()
                        .thenApply(tx -> new Links(conns, tx))
                        .whenComplete((l, err) -> {
                            if (err != null) {
                                conns.close();
                            }
                        }));
        links.whenComplete((l, err) -> {
            if (err != null) {
                log.warn("cannot connect to Redis: {}", err.toString());
            }
        });
        return new StreamsAdapterFactory(options, links);
    }

    RedisStreamsAdapterOptions options() {
        return options;
    }

    ClusterAdapterOptions clusterOptions() {
        return clusterOptions;
    }

    /** Completes when connected (fails when the first connect failed). */
    CompletableFuture<Links> links() {
        return links;
    }

    @Override
    public Adapter create(AdapterNamespace namespace) {
        if (closed.get()) {
            throw new IllegalStateException("the Redis streams adapter factory is closed");
        }
        StreamsAdapter adapter = new StreamsAdapter(namespace, this);
        StreamsAdapter other = adapters.putIfAbsent(namespace.name(), adapter);
        if (other != null) {
            throw new IllegalStateException("namespace " + namespace.name() + " already has an adapter of this factory:"
                    + " one RedisStreamsAdapter factory serves one server");
        }
        return adapter;
    }

    /** The adapter is closed: entries of its namespace are ignored from now on. */
    void detach(StreamsAdapter adapter) {
        if (adapters.remove(adapter.namespaceName(), adapter)) {
            ClusterStats s = adapter.stats();
            retired.updateAndGet(r -> sum(r, s));
        }
    }

    // ---- commands ----

    /** Runs {@code command} on the shared command connection; fails fast while it is down. */
    <T> CompletableFuture<T> command(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        Links l = RedisConnections.openedOrNull(links);
        if (l == null || closed.get()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(closed.get()));
        }
        return l.conns().command(command);
    }

    /** The shared connections, or null while connecting or after a failed connect. */
    RedisConnections connections() {
        Links l = RedisConnections.openedOrNull(links);
        return l == null ? null : l.conns();
    }

    /** XADD with approximate trimming to {@code maxLen}; completes with the entry id. */
    CompletableFuture<String> xadd(String stream, Object[] fields) {
        XAddArgs args = XAddArgs.Builder.maxlen(options.maxLen()).approximateTrimming();
        return command(c -> c.xadd(stream, args, fields));
    }

    /** PUBLISH, or SPUBLISH with sharded Pub/Sub. */
    CompletableFuture<Long> publish(String channel, byte[] payload) {
        return command(c -> options.useShardedPubSub() ? c.spublish(channel, payload) : c.publish(channel, payload));
    }

    /** How many connections subscribe {@code channel} (NUMSUB, or SHARDNUMSUB). */
    CompletableFuture<Integer> subscribers(String channel) {
        RedisConnections c = connections();
        if (c == null) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(closed.get()));
        }
        return options.useShardedPubSub() ? c.shardNumsub(channel) : c.numsub(channel);
    }

    /**
     * {@code MULTI; GET key; DEL key; EXEC} on the transaction connection, as the official adapter
     * takes a session: completes with the value (null when there was none), removed either way.
     */
    CompletableFuture<byte[]> getAndDelete(String key) {
        Links l = RedisConnections.openedOrNull(links);
        if (l == null || closed.get() || !l.tx().isOpen()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(closed.get()));
        }
        CompletableFuture<TransactionResult> exec;
        try {
            // The lock keeps transactions from interleaving; it is held while four commands are
            // queued, never while waiting for Redis.
            synchronized (txLock) {
                RedisAsyncCommands<String, byte[]> c = l.tx().async();
                c.multi();
                c.get(key);
                c.del(key);
                exec = c.exec().toCompletableFuture();
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exec.thenApply(r -> {
            if (r.wasDiscarded() || r.isEmpty()) {
                throw new IllegalStateException("the session transaction was discarded");
            }
            return (byte[]) r.get(0);
        });
    }

    /** Tracks a write that {@link #close()} waits for (a session persisted while the server shuts down). */
    void track(CompletableFuture<?> write) {
        pendingWrites.add(write);
        write.whenComplete((v, e) -> pendingWrites.remove(write));
    }

    // ---- reading ----

    /** The reader of {@code stream}, started on first use; completes when it reads. */
    CompletableFuture<Void> reader(String stream) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(true));
        }
        StreamReader r = readers.computeIfAbsent(stream, s -> new StreamReader(s,
                links.thenCompose(l -> l.conns().openDedicated()), options.readCount(), options.blockTime(),
                this::onEntry));
        return r.started().whenComplete((v, err) -> {
            if (err != null) {
                readers.remove(stream, r); // the next namespace of this stream tries again
            } else if (closed.get()) {
                r.stop();
            }
        });
    }

    /** An entry of any stream: to the adapter of its namespace, if this node serves it. */
    private void onEntry(StreamMessage<String, byte[]> entry) {
        Map<String, byte[]> body = entry.getBody();
        String nsp = StreamCodec.text(body.get(StreamCodec.NSP));
        if (nsp == null || nsp.isEmpty()) {
            malformed.increment();
            log.debug("dropped stream entry {} without a namespace", entry.getId());
            return;
        }
        StreamsAdapter adapter = adapters.get(nsp);
        if (adapter != null) {
            adapter.onEntry(entry.getId(), body);
        }
    }

    // ---- ClusterAdapterFactory ----

    @Override
    public boolean isConnected() {
        Links l = RedisConnections.openedOrNull(links);
        if (closed.get() || l == null || !l.conns().isConnected() || !l.tx().isOpen()) {
            return false;
        }
        for (StreamReader r : readers.values()) {
            if (!r.isConnected()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ClusterStats stats() {
        ClusterStats total = sum(retired.get(), new ClusterStats(0, 0, 0, malformed.sum(), 0, 0, 0, 0));
        for (StreamsAdapter a : List.copyOf(adapters.values())) {
            total = sum(total, a.stats());
        }
        return total;
    }

    private static ClusterStats sum(ClusterStats a, ClusterStats b) {
        return new ClusterStats(a.published() + b.published(), a.publishFailures() + b.publishFailures(),
                a.received() + b.received(), a.malformed() + b.malformed(), a.requests() + b.requests(),
                a.requestTimeouts() + b.requestTimeouts(), a.requestNanos() + b.requestNanos(),
                Math.max(a.nodes(), b.nodes()));
    }

    /**
     * Stops the readers, waits (at most the command timeout) for sessions still being written,
     * then closes the connections, and the client when the factory made it. Waits for all that,
     * at most a few seconds; call it after the server's {@code close()}, never on an event loop.
     */
    @Override
    public void close() {
        try {
            closeAsync().get(options.commandTimeout().toMillis() * 2 + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("closing the Redis streams adapter did not finish: {}", e.toString());
        }
    }

    /** Like {@link #close()} without waiting. */
    public CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        CompletableFuture<?>[] readersStopped = readers.values().stream().map(StreamReader::stop)
                .toArray(CompletableFuture[]::new);
        CompletableFuture<Void> writes = CompletableFuture.allOf(pendingWrites.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> null);
        CompletableFuture.allOf(readersStopped).exceptionally(e -> null)
                .thenCombine(writes, (a, b) -> null)
                .thenCompose(v -> links.handle((l, err) -> l))
                .thenCompose(l -> l == null ? CompletableFuture.completedFuture(null)
                        : l.tx().closeAsync().exceptionally(e -> null).thenCompose(v -> l.conns().closeAsync()))
                .whenComplete((v, e) -> closeFuture.complete(null));
        return closeFuture;
    }
}
