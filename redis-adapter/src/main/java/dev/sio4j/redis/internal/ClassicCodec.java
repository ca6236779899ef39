// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.adapter.cluster.ClusterMessage;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastClientCount;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.sio4j.adapter.cluster.ClusterMessageJson;
import dev.sio4j.adapter.cluster.ClusterMessageJson.ClusterMessageFormatException;
import dev.sio4j.adapter.cluster.RemoteSocketDetails;
import dev.sio4j.adapter.internal.MsgPack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The wire format of {@code @socket.io/redis-adapter} 8.x's classic adapter
 * ({@code createAdapter}, also spoken by {@code @socket.io/redis-emitter}), as a mapping to and
 * from {@link ClusterMessage}:
 * <ul>
 *   <li>broadcasts: MessagePack {@code [uid, {type: 2, data, nsp}, {rooms, except, flags}]} on the
 *       namespace's channel, or on a room's when there is exactly one room;</li>
 *   <li>requests on {@code <key>-request#<nsp>#}, JSON (MessagePack when they hold binary)
 *       numbered 0 SOCKETS, 1 ALL_ROOMS, 2 REMOTE_JOIN, 3 REMOTE_LEAVE, 4 REMOTE_DISCONNECT,
 *       5 REMOTE_FETCH, 6 SERVER_SIDE_EMIT and (MessagePack) 7 BROADCAST with acks;</li>
 *   <li>responses without type (SOCKETS, ALL_ROOMS, REMOTE_FETCH) or with the request's
 *       (6 SERVER_SIDE_EMIT), 8 BROADCAST_CLIENT_COUNT (JSON) and 9 BROADCAST_ACK (MessagePack).</li>
 * </ul>
 * Key orders are those of the official adapter, so what it sends re-encodes to the same bytes.
 * Responses carry no sender uid: they decode with {@link #NO_UID}. Decoding is strict about
 * shapes ({@link ClusterMessageFormatException}); unknown request types decode to null.
 *
 * <p>Stateless and thread-safe.
 */
final class ClassicCodec {

    static final int SOCKETS = 0;
    static final int ALL_ROOMS = 1;
    static final int REMOTE_JOIN = 2;
    static final int REMOTE_LEAVE = 3;
    static final int REMOTE_DISCONNECT = 4;
    static final int REMOTE_FETCH = 5;
    static final int SERVER_SIDE_EMIT = 6;
    static final int BROADCAST = 7;
    static final int BROADCAST_CLIENT_COUNT = 8;
    static final int BROADCAST_ACK = 9;

    /** The sender of a response, which the classic format does not name. */
    static final String NO_UID = "";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int EVENT = 2;

    private ClassicCodec() {
    }

    // ---- broadcasts ----

    /** The single room a broadcast's channel is named after, or null for the namespace's channel. */
    static String channelRoom(Broadcast b) {
        return b.requestId() == null && b.opts().rooms().size() == 1 ? b.opts().rooms().iterator().next() : null;
    }

    /** {@code [uid, packet, opts]} in MessagePack. */
    static byte[] broadcast(Broadcast b) {
        ArrayNode msg = F.arrayNode(3);
        msg.add(b.uid());
        msg.add(packet(b));
        msg.add(ClusterMessageJson.options(b.opts()));
        return MsgPack.encode(msg);
    }

    private static ObjectNode packet(Broadcast b) {
        ObjectNode packet = F.objectNode();
        packet.put("type", EVENT);
        packet.set("data", b.data());
        packet.put("nsp", b.nsp());
        return packet;
    }

    /**
     * The broadcast in {@code tree} ({@code [uid, packet, opts]}), or null when it is for another
     * namespace than {@code nsp} (a missing packet namespace means {@code /}, as in the official
     * adapter).
     */
    static Broadcast decodeBroadcast(JsonNode tree, String nsp) {
        if (!tree.isArray() || tree.size() < 3 || !tree.get(0).isTextual()) {
            throw new ClusterMessageFormatException("a broadcast must be [uid, packet, opts]");
        }
        JsonNode packet = object(tree.get(1));
        String packetNsp = packet.path("nsp").isTextual() ? packet.get("nsp").textValue() : "/";
        if (!packetNsp.equals(nsp)) {
            return null;
        }
        return new Broadcast(tree.get(0).textValue(), nsp, eventData(packet), ClusterMessageJson.options(tree.get(2)), null);
    }

    private static ArrayNode eventData(JsonNode packet) {
        JsonNode data = packet.get("data");
        if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
            throw new ClusterMessageFormatException("a broadcast packet's data must be [event, ...args]");
        }
        return (ArrayNode) data;
    }

    // ---- requests ----

    /** A request of this node to every other, as the bytes for the request channel. */
    static byte[] request(ClusterMessage m) {
        ObjectNode r = F.objectNode();
        r.put("uid", m.uid());
        if (m instanceof Broadcast b) {
            r.put("requestId", b.requestId());
            r.put("type", BROADCAST);
            r.set("packet", packet(b));
            r.set("opts", ClusterMessageJson.options(b.opts()));
            return MsgPack.encode(r); // always MessagePack, as the official adapter
        } else if (m instanceof SocketsJoin j) {
            r.put("type", REMOTE_JOIN);
            r.set("opts", targets(j.opts()));
            r.set("rooms", strings(j.rooms()));
        } else if (m instanceof SocketsLeave l) {
            r.put("type", REMOTE_LEAVE);
            r.set("opts", targets(l.opts()));
            r.set("rooms", strings(l.rooms()));
        } else if (m instanceof DisconnectSockets d) {
            r.put("type", REMOTE_DISCONNECT);
            r.set("opts", targets(d.opts()));
            r.put("close", d.close());
        } else if (m instanceof FetchSockets f) {
            r.put("requestId", f.requestId());
            r.put("type", REMOTE_FETCH);
            r.set("opts", targets(f.opts()));
        } else if (m instanceof ServerSideEmit e) {
            if (e.requestId() != null) {
                r.put("requestId", e.requestId());
            }
            r.put("type", SERVER_SIDE_EMIT);
            r.set("data", F.arrayNode().addAll(e.data()));
        } else {
            throw new IllegalArgumentException("the classic format has no " + m.type());
        }
        return RedisWire.jsonUnlessBinary(r);
    }

    /** {@code {uid, requestId, type: 1}}. */
    static byte[] allRoomsRequest(String uid, String requestId) {
        ObjectNode r = F.objectNode();
        r.put("uid", uid);
        r.put("requestId", requestId);
        r.put("type", ALL_ROOMS);
        return RedisWire.json(r);
    }

    /** The request type number of {@code tree}, or -1 when it has none. */
    static int requestType(JsonNode tree) {
        object(tree);
        JsonNode type = tree.get("type");
        return type != null && type.isIntegralNumber() && type.canConvertToInt() ? type.intValue() : -1;
    }

    /** The request's sender; the emitter sends some requests without one. */
    static String requestUid(JsonNode tree) {
        JsonNode uid = tree.get("uid");
        return uid != null && uid.isTextual() ? uid.textValue() : ClusterAdapter.EMITTER_UID;
    }

    /** The request's id, or null. */
    static String requestId(JsonNode tree) {
        JsonNode id = tree.get("requestId");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    /**
     * The request in {@code tree} (types 2 to 7) for namespace {@code nsp}, or null for a type that
     * is not one of these (0 and 1 are answered by the adapter itself, others are unknown) and for
     * the old one-socket join/leave/disconnect form without {@code opts}.
     */
    static ClusterMessage decodeRequest(JsonNode tree, String nsp) {
        int type = requestType(tree);
        String uid = requestUid(tree);
        String requestId = requestId(tree);
        boolean hasOpts = tree.get("opts") != null;
        return switch (type) {
            case REMOTE_JOIN -> hasOpts ? new SocketsJoin(uid, nsp, targets(tree.get("opts")), ClusterMessageJson.roomNames(tree.get("rooms"))) : null;
            case REMOTE_LEAVE -> hasOpts ? new SocketsLeave(uid, nsp, targets(tree.get("opts")), ClusterMessageJson.roomNames(tree.get("rooms"))) : null;
            case REMOTE_DISCONNECT -> hasOpts
                    ? new DisconnectSockets(uid, nsp, targets(tree.get("opts")), tree.path("close").asBoolean(false)) : null;
            case REMOTE_FETCH -> new FetchSockets(uid, nsp, targets(tree.get("opts")), required(requestId));
            case SERVER_SIDE_EMIT -> new ServerSideEmit(uid, nsp, eventArgs(tree.get("data")), requestId);
            case BROADCAST -> new Broadcast(uid, nsp, eventData(object(tree.get("packet"))),
                    ClusterMessageJson.options(tree.get("opts")), required(requestId));
            default -> null;
        };
    }

    private static List<JsonNode> eventArgs(JsonNode data) {
        if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
            throw new ClusterMessageFormatException("a serverSideEmit's data must be [event, ...args]");
        }
        List<JsonNode> args = new ArrayList<>(data.size());
        data.forEach(args::add);
        return args;
    }

    /** {@code {rooms, except}}: the classic requests carry no flags. */
    private static ObjectNode targets(BroadcastOptions opts) {
        ObjectNode o = F.objectNode();
        o.set("rooms", strings(opts.rooms()));
        o.set("except", strings(opts.except()));
        return o;
    }

    private static BroadcastOptions targets(JsonNode opts) {
        return ClusterMessageJson.options(opts == null || opts.isNull() ? F.objectNode() : opts);
    }

    // ---- responses ----

    /** This node's answer to a request, as the bytes for the response channel. */
    static byte[] response(ClusterMessage.Response m) {
        ObjectNode r = F.objectNode();
        if (m instanceof FetchSocketsResponse f) {
            r.put("requestId", f.requestId());
            ArrayNode sockets = r.putArray("sockets");
            f.sockets().forEach(s -> sockets.add(ClusterMessageJson.socket(s)));
        } else if (m instanceof ServerSideEmitResponse e) {
            r.put("type", SERVER_SIDE_EMIT);
            r.put("requestId", e.requestId());
            r.set("data", e.answer());
        } else if (m instanceof BroadcastClientCount c) {
            r.put("type", BROADCAST_CLIENT_COUNT);
            r.put("requestId", c.requestId());
            r.put("clientCount", c.clientCount());
            return RedisWire.json(r);
        } else if (m instanceof BroadcastAck a) {
            r.put("type", BROADCAST_ACK);
            r.put("requestId", a.requestId());
            r.set("packet", a.answer());
            return MsgPack.encode(r); // always MessagePack, as the official adapter
        } else {
            throw new IllegalArgumentException("the classic format has no " + m.type());
        }
        return RedisWire.jsonUnlessBinary(r);
    }

    /** {@code {requestId, rooms}}, the answer to ALL_ROOMS. */
    static byte[] allRoomsResponse(String requestId, Collection<String> rooms) {
        ObjectNode r = F.objectNode();
        r.put("requestId", requestId);
        r.set("rooms", strings(rooms));
        return RedisWire.json(r);
    }

    /** {@code {requestId, sockets: [ids]}}, the answer to SOCKETS. */
    static byte[] socketsResponse(String requestId, Collection<String> ids) {
        ObjectNode r = F.objectNode();
        r.put("requestId", requestId);
        r.set("sockets", strings(ids));
        return RedisWire.json(r);
    }

    /**
     * The response in {@code tree} for namespace {@code nsp}: a fetchSockets answer (a
     * {@code sockets} array of objects), a serverSideEmit answer (type 6), a client count (8) or
     * an ack (9); null for the rest (answers to SOCKETS or ALL_ROOMS, which {@link #rooms}
     * reads, and unknown shapes).
     */
    static ClusterMessage.Response decodeResponse(JsonNode tree, String nsp) {
        String requestId = required(requestId(object(tree)));
        return switch (requestType(tree)) {
            case SERVER_SIDE_EMIT -> new ServerSideEmitResponse(NO_UID, nsp, requestId, orNull(tree.get("data")));
            case BROADCAST_CLIENT_COUNT -> {
                JsonNode count = tree.get("clientCount");
                if (count == null || !count.canConvertToInt() || count.intValue() < 0) {
                    throw new ClusterMessageFormatException("a client count must be a non-negative integer");
                }
                yield new BroadcastClientCount(NO_UID, nsp, requestId, count.intValue());
            }
            case BROADCAST_ACK -> new BroadcastAck(NO_UID, nsp, requestId, orNull(tree.get("packet")));
            default -> {
                JsonNode sockets = tree.get("sockets");
                if (sockets == null || !sockets.isArray()) {
                    yield null;
                }
                List<RemoteSocketDetails> list = new ArrayList<>(sockets.size());
                for (JsonNode s : sockets) {
                    if (!s.isObject()) {
                        yield null; // a SOCKETS answer: ids only
                    }
                    JsonNode id = s.get("id");
                    if (id == null || !id.isTextual()) {
                        throw new ClusterMessageFormatException("a socket needs a string \"id\"");
                    }
                    list.add(new RemoteSocketDetails(id.textValue(), s.get("handshake"), ClusterMessageJson.roomNames(s.get("rooms")), s.get("data")));
                }
                yield new FetchSocketsResponse(NO_UID, nsp, requestId, list);
            }
        };
    }

    /** The rooms of an ALL_ROOMS answer, or null when {@code tree} is not one. */
    static Set<String> rooms(JsonNode tree) {
        JsonNode rooms = tree.get("rooms");
        return rooms != null && rooms.isArray() && !tree.has("type") ? ClusterMessageJson.roomNames(rooms) : null;
    }

    // ---- helpers ----

    private static JsonNode orNull(JsonNode v) {
        return v == null ? NullNode.getInstance() : v; // an answer of undefined is left out of the JSON
    }

    private static String required(String requestId) {
        if (requestId == null) {
            throw new ClusterMessageFormatException("no string \"requestId\"");
        }
        return requestId;
    }

    private static JsonNode object(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ClusterMessageFormatException("expected an object");
        }
        return node;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }
}
