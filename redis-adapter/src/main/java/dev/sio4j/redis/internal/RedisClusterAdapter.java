// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.adapter.cluster.ClusterAdapterOptions;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterPublishException;
import dev.sio4j.redis.internal.RedisConnections.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the classic and the sharded Redis adapters share: the node's {@link RedisConnections}
 * (opened by the factory, possibly still connecting), the subscriptions of this namespace (made
 * on {@link #init()}, dropped on {@link #close()}), publishing and counting subscribers with
 * failures turned into {@link ClusterPublishException}, and decoding failures counted as
 * malformed messages.
 *
 * <p>Thread-safe.
 */
abstract class RedisClusterAdapter extends ClusterAdapter {

    private final CompletableFuture<RedisConnections> connections;
    private final Runnable onClose;
    /** This adapter's subscriptions and their handlers (ordered: subscribed in this order on init). */
    private final Map<RedisConnections.Kind, Map<String, RedisConnections.Handler>> channels = new ConcurrentHashMap<>();

    RedisClusterAdapter(AdapterNamespace nsp, ClusterAdapterOptions options, String uid,
                        CompletableFuture<RedisConnections> connections, Runnable onClose) {
        super(nsp, options, uid);
        this.connections = connections;
        this.onClose = onClose;
        for (Kind k : Kind.values()) {
            channels.put(k, new ConcurrentHashMap<>());
        }
    }

    /** The subscriptions this namespace starts with; called once by {@link #init()}. */
    abstract void subscribeAll();

    /** The connections, or null while they are still being opened (or failed to open). */
    final RedisConnections connectionsNow() {
        return RedisConnections.openedOrNull(connections);
    }

    @Override
    public final CompletableFuture<Void> init() {
        return connections.thenCompose(c -> {
            subscribeAll();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            channels.forEach((kind, map) -> map.forEach((ch, h) -> all.add(c.subscribe(kind, ch, h))));
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }).thenCompose(v -> super.init());
    }

    /** Subscribes {@code channel} for this adapter (now when connected, else on {@link #init()}). */
    final void subscribe(Kind kind, String channel, RedisConnections.Handler handler) {
        channels.get(kind).put(channel, handler);
        RedisConnections c = connectionsNow();
        if (c != null && !isClosed()) {
            c.subscribe(kind, channel, handler);
        }
    }

    /** Ends a subscription of this adapter. */
    final void unsubscribe(Kind kind, String channel) {
        channels.get(kind).remove(channel);
        RedisConnections c = connectionsNow();
        if (c != null) {
            c.unsubscribe(kind, channel);
        }
    }

    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        super.close();
        RedisConnections c = connectionsNow();
        if (c != null) {
            channels.forEach((kind, map) -> map.keySet().forEach(ch -> c.unsubscribe(kind, ch)));
        }
        channels.values().forEach(Map::clear);
        onClose.run();
    }

    /** PUBLISH (or SPUBLISH when {@code sharded}); fails at once when Redis is not connected. */
    final CompletableFuture<Void> send(String channel, byte[] payload, boolean sharded) {
        RedisConnections c = connectionsNow();
        if (c == null) {
            return CompletableFuture.failedFuture(new RedisDisconnectedException(false));
        }
        return (sharded ? c.spublish(channel, payload) : c.publish(channel, payload)).thenApply(n -> null);
    }

    /**
     * The subscribers of {@code channel} (NUMSUB, or SHARDNUMSUB when {@code sharded}), at least 1
     * (this node); fails with {@link ClusterPublishException} when Redis cannot be asked.
     */
    final CompletableFuture<Integer> subscribers(String channel, boolean sharded) {
        RedisConnections c = connectionsNow();
        CompletableFuture<Integer> n = c == null ? CompletableFuture.failedFuture(new RedisDisconnectedException(false))
                : sharded ? c.shardNumsub(channel) : c.numsub(channel);
        return n.handle((count, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw new CompletionException(new ClusterPublishException(null,
                        "cannot count the nodes: " + cause.getMessage(), cause));
            }
            return Math.max(1, count);
        });
    }

    /** Decodes {@code payload} with {@code decoder} and carries it out; what cannot be decoded is counted and dropped. */
    final void receive(byte[] payload, String what, java.util.function.Function<JsonNode, ClusterMessage> decoder) {
        ClusterMessage m;
        try {
            m = decoder.apply(RedisWire.read(payload));
        } catch (RuntimeException e) {
            countMalformed(what + " (" + payload.length + " bytes)", e);
            return;
        }
        if (m != null) {
            onMessage(m, null);
        }
    }
}
