// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessageJson;
import dev.sio4j.redis.ShardedRedisAdapterOptions;
import dev.sio4j.redis.SubscriptionMode;
import dev.sio4j.redis.internal.RedisConnections.Kind;

import java.util.concurrent.CompletableFuture;

/**
 * The sharded Redis adapter of one namespace, on the channels of {@code @socket.io/redis-adapter}
 * 8.x's {@code createShardedAdapter} (Redis 7 sharded Pub/Sub: SSUBSCRIBE, SPUBLISH,
 * {@code PUBSUB SHARDNUMSUB}). Messages are socket.io-adapter's {@code ClusterAdapter} messages
 * ({@link ClusterMessageJson}), JSON text unless they hold binary, then MessagePack.
 * <ul>
 *   <li>{@code <prefix>#<nsp>#}: every message to all nodes; its subscriber count is the node count;</li>
 *   <li>{@code <prefix>#<nsp>#<uid>#}: the answers to this node;</li>
 *   <li>{@code <prefix>#<nsp>#<room>#}: broadcasts to exactly one room, in the dynamic modes,
 *       subscribed while the room has a member here.</li>
 * </ul>
 *
 * <p>Thread-safe; handlers run on Lettuce's I/O thread and never block.
 */
final class ShardedRedisAdapter extends RedisClusterAdapter {

    /** The length of a socket id, by which the official sender tells a socket's room from a public one. */
    private static final int SOCKET_ID_LENGTH = 20;

    private final SubscriptionMode mode;
    private final String channel;
    private final RedisConnections.Handler handler = (ch, payload) -> onShardMessage(ch, payload);

    ShardedRedisAdapter(AdapterNamespace nsp, ShardedRedisAdapterOptions options,
                        CompletableFuture<RedisConnections> connections, Runnable onClose) {
        super(nsp, options.clusterOptions(), null, connections, onClose);
        this.mode = options.subscriptionMode();
        this.channel = options.channelPrefix() + "#" + nsp.name() + "#";
    }

    @Override
    void subscribeAll() {
        subscribe(Kind.SHARD, channel, handler);
        subscribe(Kind.SHARD, channel + uid() + "#", handler);
        rooms().forEach((room, members) -> onRoomCreated(room, members.contains(room)));
    }

    // ---- dynamic room channels ----

    private boolean hasOwnChannel(String room, boolean socketRoom) {
        return mode == SubscriptionMode.DYNAMIC_PRIVATE || mode == SubscriptionMode.DYNAMIC && !socketRoom;
    }

    @Override
    protected void onRoomCreated(String room, boolean socketRoom) {
        if (hasOwnChannel(room, socketRoom) && !isClosed()) {
            subscribe(Kind.SHARD, channel + room + "#", handler);
        }
    }

    @Override
    protected void onRoomDeleted(String room, boolean socketRoom) {
        if (hasOwnChannel(room, socketRoom)) {
            unsubscribe(Kind.SHARD, channel + room + "#");
        }
    }

    // ---- sending ----

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        return send(channelOf(channel, mode, message), RedisWire.jsonUnlessBinary(ClusterMessageJson.toTree(message)), true)
                .thenApply(v -> null);
    }

    /**
     * The room's channel for a broadcast without acks to exactly one room when the mode gives it
     * one (as the official sender decides: in {@link SubscriptionMode#DYNAMIC} a 20-character room
     * is taken for a socket id), else the namespace's. A broadcast with acks always uses the
     * namespace's channel, since every node must answer it.
     */
    static String channelOf(String channel, SubscriptionMode mode, ClusterMessage message) {
        if (message instanceof Broadcast b && b.requestId() == null && b.opts().rooms().size() == 1) {
            String room = b.opts().rooms().iterator().next();
            if (mode == SubscriptionMode.DYNAMIC_PRIVATE
                    || mode == SubscriptionMode.DYNAMIC && room.length() != SOCKET_ID_LENGTH) {
                return channel + room + "#";
            }
        }
        return channel;
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage.Response response) {
        return send(channel + requesterUid + "#", RedisWire.jsonUnlessBinary(ClusterMessageJson.toTree(response)), true);
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return subscribers(channel, true);
    }

    // ---- receiving ----

    private void onShardMessage(String ch, byte[] payload) {
        receive(payload, "message on " + ch, ClusterMessageJson::fromTree);
    }
}
