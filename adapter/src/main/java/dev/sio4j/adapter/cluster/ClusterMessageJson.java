// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.cluster.ClusterMessage.AdapterClose;
import dev.sio4j.adapter.cluster.ClusterMessage.Broadcast;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastAck;
import dev.sio4j.adapter.cluster.ClusterMessage.BroadcastClientCount;
import dev.sio4j.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSockets;
import dev.sio4j.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.Heartbeat;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.sio4j.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.sio4j.adapter.cluster.ClusterMessage.SocketsLeave;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link ClusterMessage}s as socket.io-adapter's {@code ClusterAdapter} writes them:
 * {@code {type, data, uid, nsp}} in that key order, {@code data} shaped per type (a broadcast's
 * packet is {@code {type: 2, data: [event, ...args]}} without {@code nsp}; options are
 * {@code {rooms, except, flags}} with only the flags that are set). This is the format of the
 * sharded Redis adapter and of the Redis streams adapter; they serialize the tree as JSON text,
 * or as MessagePack when it holds binary ({@link #containsBinary}).
 *
 * <p>Decoding is strict: a wrong shape throws {@link ClusterMessageFormatException} (the
 * message is dropped and counted); a type number this version does not know gives null (a newer
 * peer's message, ignored as socket.io-adapter ignores it).
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterMessageJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int EVENT = 2;

    private ClusterMessageJson() {
    }

    // ---- encoding ----

    /** The whole message: {@code {type, data, uid, nsp}} ({@code data} left out when the type has none). */
    public static ObjectNode toTree(ClusterMessage message) {
        ObjectNode tree = F.objectNode();
        tree.put("type", message.type().number());
        JsonNode data = data(message);
        if (data != null) {
            tree.set("data", data);
        }
        tree.put("uid", message.uid());
        tree.put("nsp", message.nsp());
        return tree;
    }

    /** The message's {@code data} part, or null for heartbeats and adapter close. */
    public static JsonNode data(ClusterMessage message) {
        ObjectNode d = F.objectNode();
        if (message instanceof Heartbeat || message instanceof AdapterClose) {
            return null;
        } else if (message instanceof Broadcast b) {
            ObjectNode packet = d.putObject("packet");
            packet.put("type", EVENT);
            packet.set("data", b.data());
            if (b.requestId() != null) {
                d.put("requestId", b.requestId());
            }
            d.set("opts", options(b.opts()));
        } else if (message instanceof SocketsJoin j) {
            d.set("opts", options(j.opts()));
            d.set("rooms", strings(j.rooms()));
        } else if (message instanceof SocketsLeave l) {
            d.set("opts", options(l.opts()));
            d.set("rooms", strings(l.rooms()));
        } else if (message instanceof DisconnectSockets dc) {
            d.set("opts", options(dc.opts()));
            d.put("close", dc.close());
        } else if (message instanceof FetchSockets f) {
            d.set("opts", options(f.opts()));
            d.put("requestId", f.requestId());
        } else if (message instanceof FetchSocketsResponse r) {
            d.put("requestId", r.requestId());
            ArrayNode sockets = d.putArray("sockets");
            for (RemoteSocketDetails s : r.sockets()) {
                sockets.add(socket(s));
            }
        } else if (message instanceof ServerSideEmit e) {
            if (e.requestId() != null) {
                d.put("requestId", e.requestId());
            }
            d.set("packet", F.arrayNode().addAll(e.data()));
        } else if (message instanceof ServerSideEmitResponse r) {
            d.put("requestId", r.requestId());
            d.set("packet", r.answer());
        } else if (message instanceof BroadcastClientCount c) {
            d.put("requestId", c.requestId());
            d.put("clientCount", c.clientCount());
        } else if (message instanceof BroadcastAck a) {
            d.put("requestId", a.requestId());
            d.set("packet", a.answer());
        }
        return d;
    }

    /** {@code {rooms, except, flags}}, flags holding only what differs from the defaults ({@code local} never). */
    public static ObjectNode options(BroadcastOptions opts) {
        ObjectNode o = F.objectNode();
        o.set("rooms", strings(opts.rooms()));
        o.set("except", strings(opts.except()));
        ObjectNode flags = o.putObject("flags");
        BroadcastFlags f = opts.flags();
        if (f.volatile_()) {
            flags.put("volatile", true);
        }
        if (!f.compress()) {
            flags.put("compress", false);
        }
        if (f.timeout() != null) {
            flags.put("timeout", f.timeout().toMillis());
        }
        return o;
    }

    /** {@code {id, handshake, rooms, data}}, as a fetchSockets response lists a socket. */
    public static ObjectNode socket(RemoteSocketDetails s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.id());
        o.set("handshake", s.handshake());
        o.set("rooms", strings(s.rooms()));
        o.set("data", s.dataJson());
        return o;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }

    /** Whether {@code tree} holds a binary value anywhere (then the official adapters send MessagePack). */
    public static boolean containsBinary(JsonNode tree) {
        if (tree == null) {
            return false;
        }
        if (tree.isBinary()) {
            return true;
        }
        if (tree.isContainerNode()) {
            for (JsonNode child : tree) {
                if (containsBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- decoding ----

    /** The message in {@code tree} ({@code {type, data, uid, nsp}}), or null for an unknown type. */
    public static ClusterMessage fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new ClusterMessageFormatException("a cluster message must be an object");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.canConvertToInt() || !type.isIntegralNumber()) {
            throw new ClusterMessageFormatException("no integer \"type\"");
        }
        return fromParts(type.intValue(), optionalText(tree, "uid"), optionalText(tree, "nsp"), tree.get("data"));
    }

    /**
     * The message of {@code type} from {@code uid} on {@code nsp} with {@code data} (null when the
     * type has none), or null for an unknown type; the form of the Redis streams adapter, which
     * sends these as separate fields.
     */
    public static ClusterMessage fromParts(int type, String uid, String nsp, JsonNode data) {
        MessageType t = MessageType.of(type);
        if (t == null) {
            return null;
        }
        if (uid == null || nsp == null) {
            throw new ClusterMessageFormatException("no \"uid\" or \"nsp\" in a message of type " + type);
        }
        return switch (t) {
            case INITIAL_HEARTBEAT -> new Heartbeat(uid, nsp, true);
            case HEARTBEAT -> new Heartbeat(uid, nsp, false);
            case ADAPTER_CLOSE -> new AdapterClose(uid, nsp);
            case BROADCAST -> {
                JsonNode d = object(data);
                JsonNode packet = object(d.get("packet"));
                JsonNode args = packet.get("data");
                if (args == null || !args.isArray() || args.isEmpty() || !args.get(0).isTextual()) {
                    throw new ClusterMessageFormatException("a broadcast packet's data must be [event, ...args]");
                }
                yield new Broadcast(uid, nsp, (ArrayNode) args, options(d.get("opts")), optionalText(d, "requestId"));
            }
            case SOCKETS_JOIN -> new SocketsJoin(uid, nsp, options(object(data).get("opts")), roomNames(object(data).get("rooms")));
            case SOCKETS_LEAVE -> new SocketsLeave(uid, nsp, options(object(data).get("opts")), roomNames(object(data).get("rooms")));
            case DISCONNECT_SOCKETS -> new DisconnectSockets(uid, nsp, options(object(data).get("opts")),
                    object(data).path("close").asBoolean(false));
            case FETCH_SOCKETS -> new FetchSockets(uid, nsp, options(object(data).get("opts")), text(object(data), "requestId"));
            case FETCH_SOCKETS_RESPONSE -> {
                JsonNode sockets = object(data).get("sockets");
                if (sockets == null || !sockets.isArray()) {
                    throw new ClusterMessageFormatException("a fetchSockets response needs a \"sockets\" array");
                }
                List<RemoteSocketDetails> list = new ArrayList<>(sockets.size());
                for (JsonNode s : sockets) {
                    list.add(socket(s));
                }
                yield new FetchSocketsResponse(uid, nsp, text(object(data), "requestId"), list);
            }
            case SERVER_SIDE_EMIT -> {
                JsonNode packet = object(data).get("packet");
                if (packet == null || !packet.isArray() || packet.isEmpty() || !packet.get(0).isTextual()) {
                    throw new ClusterMessageFormatException("a serverSideEmit packet must be [event, ...args]");
                }
                List<JsonNode> args = new ArrayList<>(packet.size());
                packet.forEach(args::add);
                yield new ServerSideEmit(uid, nsp, args, optionalText(object(data), "requestId"));
            }
            case SERVER_SIDE_EMIT_RESPONSE -> new ServerSideEmitResponse(uid, nsp, text(object(data), "requestId"),
                    answer(object(data)));
            case BROADCAST_CLIENT_COUNT -> {
                JsonNode count = object(data).get("clientCount");
                if (count == null || !count.canConvertToInt() || count.intValue() < 0) {
                    throw new ClusterMessageFormatException("a client count must be a non-negative integer");
                }
                yield new BroadcastClientCount(uid, nsp, text(object(data), "requestId"), count.intValue());
            }
            case BROADCAST_ACK -> new BroadcastAck(uid, nsp, text(object(data), "requestId"), answer(object(data)));
        };
    }

    /** Decodes {@code {rooms, except, flags}} (missing parts empty; {@code local} is never taken from a peer). */
    public static BroadcastOptions options(JsonNode opts) {
        JsonNode o = object(opts);
        BroadcastFlags flags = BroadcastFlags.DEFAULT;
        JsonNode f = o.get("flags");
        if (f != null && f.isObject()) {
            flags = flags.withVolatile(f.path("volatile").asBoolean(false))
                    .withCompress(!(f.path("compress").isBoolean() && !f.path("compress").booleanValue()));
            JsonNode timeout = f.get("timeout");
            if (timeout != null && timeout.isNumber() && timeout.asLong() > 0) {
                flags = flags.withTimeout(Duration.ofMillis(timeout.asLong()));
            }
        }
        return new BroadcastOptions(roomNames(o.get("rooms")), roomNames(o.get("except")), flags);
    }

    private static RemoteSocketDetails socket(JsonNode s) {
        JsonNode o = object(s);
        return new RemoteSocketDetails(text(o, "id"), o.get("handshake"), roomNames(o.get("rooms")), o.get("data"));
    }

    private static JsonNode answer(JsonNode data) {
        JsonNode p = data.get("packet");
        return p == null ? NullNode.getInstance() : p; // an ack without argument sends undefined: left out
    }

    private static JsonNode object(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ClusterMessageFormatException("expected an object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new ClusterMessageFormatException("no string \"" + field + "\"");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ClusterMessageFormatException("\"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    /**
     * Room names from a JSON array: strings, or integers as JavaScript prints them (socket.io
     * allows numeric rooms); empty for a missing or null value. Also for transports whose own
     * messages list rooms.
     */
    public static Set<String> roomNames(JsonNode array) {
        if (array == null || array.isNull()) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw new ClusterMessageFormatException("expected an array of room names");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : array) {
            if (v.isTextual()) {
                out.add(v.textValue());
            } else if (v.isIntegralNumber()) {
                out.add(v.asText());
            } else {
                throw new ClusterMessageFormatException("a room name must be a string, got " + v.getNodeType());
            }
        }
        return out;
    }

    /** A cluster message of a known type whose shape is wrong. */
    public static final class ClusterMessageFormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** What is wrong. */
        public ClusterMessageFormatException(String message) {
            super(message);
        }
    }
}
