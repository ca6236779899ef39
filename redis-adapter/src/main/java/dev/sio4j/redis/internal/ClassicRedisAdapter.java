// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.cluster.ClusterAdapterOptions;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterPublishException;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.internal.RedisConnections.Kind;

import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The classic Redis adapter of one namespace, on the channels of {@code @socket.io/redis-adapter}
 * 8.x's {@code createAdapter} (see {@link ClassicCodec} for the messages):
 * <ul>
 *   <li>PSUBSCRIBE {@code <key>#<nsp>#*}: broadcasts, to all or to one room (dropped unread when
 *       this node has no member of the room);</li>
 *   <li>SUBSCRIBE {@code <key>-request#<nsp>#}: requests from the other nodes and the emitter; its
 *       subscriber count ({@code PUBSUB NUMSUB}) is the cluster's node count, so every node must
 *       subscribe it exactly;</li>
 *   <li>SUBSCRIBE {@code <key>-response#<nsp>#} and {@code <key>-response#<nsp>#<uid>#}: answers.</li>
 * </ul>
 * The uid and request ids are 6 random URL-safe characters, as the official ones. The classic
 * format has no heartbeat: membership is the request channel's subscriber count.
 *
 * <p>Thread-safe; handlers run on Lettuce's I/O thread and never block.
 */
final class ClassicRedisAdapter extends RedisClusterAdapter {

    private static final String URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisAdapterOptions options;
    private final String channel;
    private final String requestChannel;
    private final String responseChannel;
    private final String specificResponseChannel;

    ClassicRedisAdapter(AdapterNamespace nsp, RedisAdapterOptions options, CompletableFuture<RedisConnections> connections,
                        Runnable onClose) {
        super(nsp, ClusterAdapterOptions.builder().heartbeats(false).requestsTimeout(options.requestsTimeout()).build(),
                uid6(), connections, onClose);
        this.options = options;
        this.channel = options.key() + "#" + nsp.name() + "#";
        this.requestChannel = options.key() + "-request#" + nsp.name() + "#";
        this.responseChannel = options.key() + "-response#" + nsp.name() + "#";
        this.specificResponseChannel = responseChannel + uid() + "#";
    }

    /** 6 random URL-safe characters (uid2(6) in the official adapter). */
    private static String uid6() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = URL_SAFE.charAt(RANDOM.nextInt(URL_SAFE.length()));
        }
        return new String(c);
    }

    @Override
    protected String newRequestId() {
        return uid6();
    }

    @Override
    void subscribeAll() {
        subscribe(Kind.PATTERN, glob(channel) + "*", this::onBroadcastMessage);
        subscribe(Kind.CHANNEL, requestChannel, (ch, payload) -> onRequest(payload));
        subscribe(Kind.CHANNEL, responseChannel, (ch, payload) -> onResponse(payload));
        subscribe(Kind.CHANNEL, specificResponseChannel, (ch, payload) -> onResponse(payload));
    }

    /** {@code s} with Redis's glob characters escaped, so a namespace name matches only itself. */
    static String glob(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    // ---- sending ----

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        if (message instanceof Broadcast b && b.requestId() == null) {
            String room = ClassicCodec.channelRoom(b);
            return send(room == null ? channel : channel + room + "#", ClassicCodec.broadcast(b), false).thenApply(v -> null);
        }
        return send(requestChannel, ClassicCodec.request(message), false).thenApply(v -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage.Response response) {
        return send(responseChannelOf(requesterUid), ClassicCodec.response(response), false);
    }

    private String responseChannelOf(String requesterUid) {
        return options.publishOnSpecificResponseChannel() && requesterUid != null
                ? responseChannel + requesterUid + "#" : responseChannel;
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return subscribers(requestChannel, false);
    }

    /** The rooms of every node, through the classic ALL_ROOMS request. */
    @Override
    public CompletableFuture<Set<String>> allRooms() {
        List<String> local = List.copyOf(rooms().keySet());
        return serverCount()
                .thenCompose(count -> sendRequest(count - 1, options.requestsTimeout(), local,
                        id -> send(requestChannel, ClassicCodec.allRoomsRequest(uid(), id), false).exceptionally(err -> {
                            throw new CompletionException(new ClusterPublishException(null,
                                    "cannot publish ALL_ROOMS: " + err.getMessage(), err));
                        })))
                .thenApply(LinkedHashSet::new);
    }

    // ---- receiving ----

    private void onBroadcastMessage(String ch, byte[] payload) {
        if (ch.length() > channel.length() && ch.startsWith(channel) && ch.endsWith("#")
                && !hasRoom(ch.substring(channel.length(), ch.length() - 1))) {
            return; // a room without a member here: not even decoded, as the official adapter
        }
        receive(payload, "broadcast on " + ch, tree -> ClassicCodec.decodeBroadcast(tree, namespace().name()));
    }

    private void onRequest(byte[] payload) {
        receive(payload, "request", tree -> {
            int type = ClassicCodec.requestType(tree);
            if (type == ClassicCodec.SOCKETS || type == ClassicCodec.ALL_ROOMS) {
                answerLocally(tree, type);
                return null;
            }
            return ClassicCodec.decodeRequest(tree, namespace().name());
        });
    }

    /** SOCKETS and ALL_ROOMS, which have no counterpart in the cluster vocabulary. */
    private void answerLocally(JsonNode tree, int type) {
        String requester = ClassicCodec.requestUid(tree);
        String requestId = ClassicCodec.requestId(tree);
        if (uid().equals(requester) || requestId == null) {
            return;
        }
        byte[] answer;
        if (type == ClassicCodec.SOCKETS) {
            JsonNode rooms = tree.get("rooms");
            Set<String> wanted = new LinkedHashSet<>();
            if (rooms != null && rooms.isArray()) {
                rooms.forEach(r -> wanted.add(r.asText()));
            }
            answer = ClassicCodec.socketsResponse(requestId, sockets(wanted));
        } else {
            answer = ClassicCodec.allRoomsResponse(requestId, rooms().keySet());
        }
        send(responseChannelOf(requester), answer, false);
    }

    private void onResponse(byte[] payload) {
        receive(payload, "response", tree -> {
            Set<String> rooms = ClassicCodec.rooms(tree);
            if (rooms != null) {
                onRequestAnswer(ClassicCodec.requestId(tree), rooms);
                return null;
            }
            return ClassicCodec.decodeResponse(tree, namespace().name());
        });
    }
}
