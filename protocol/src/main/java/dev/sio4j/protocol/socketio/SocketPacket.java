// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One Socket.IO packet, as the application sees it.
 *
 * <p>{@code type} is never {@link SocketPacketType#BINARY_EVENT} or
 * {@link SocketPacketType#BINARY_ACK}: binary data is a Jackson {@code BinaryNode} anywhere in
 * {@code data}, and the encoder chooses the binary wire form by itself. The constructor checks
 * the shape the protocol requires of each type:
 * <ul>
 *   <li>CONNECT: data null or a JSON object (the auth object, or {@code {"sid":...}}).</li>
 *   <li>DISCONNECT: no data.</li>
 *   <li>EVENT: a non-empty JSON array (event name first), optional ack id.</li>
 *   <li>ACK: a JSON array (the answer's arguments) and an ack id.</li>
 *   <li>CONNECT_ERROR: a JSON object ({@code {"message":...,"data":...}}) or a string.</li>
 * </ul>
 * Ack ids are within [0, 2^53-1] (what a JavaScript number holds exactly). The namespace starts
 * with {@code /} and holds no comma (the comma ends it on the wire).
 *
 * <p>Immutable as long as nobody mutates {@code data} after building the packet (Jackson nodes
 * are mutable; treat them as frozen once handed over); then safe to share between threads.
 *
 * <pre>{@code
 * ArrayNode args = JsonNodeFactory.instance.arrayNode().add("chat").add("hello");
 * SocketPacket p = SocketPacket.event("/", args, 12L);   // 4212["chat","hello"] behind "4"
 * }</pre>
 *
 * @param type      the packet type
 * @param namespace the namespace, {@code "/"} for the main one
 * @param data      the JSON payload, or null
 * @param id        the ack id, or null
 */
public record SocketPacket(SocketPacketType type, String namespace, JsonNode data, Long id) {

    /** The largest ack id: 2^53-1, the largest integer a JavaScript number holds exactly. */
    public static final long MAX_ACK_ID = (1L << 53) - 1;

    public SocketPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
        if (type.isBinary()) {
            throw new IllegalArgumentException("use " + (type == SocketPacketType.BINARY_EVENT ? "EVENT" : "ACK")
                    + " with BinaryNode data; the binary types are chosen by the encoder");
        }
        if (!namespace.startsWith("/") || namespace.indexOf(',') >= 0) {
            throw new IllegalArgumentException("namespace must start with '/' and hold no ','");
        }
        if (id != null && (!type.allowsAckId() || id < 0 || id > MAX_ACK_ID)) {
            throw new IllegalArgumentException("ack id " + id + " is not allowed on " + type);
        }
        if (type == SocketPacketType.ACK && id == null) {
            throw new IllegalArgumentException("an ACK needs an ack id");
        }
        if (!shapeFits(type, data)) {
            throw new IllegalArgumentException(type + " cannot carry "
                    + (data == null ? "no data" : data.getNodeType() + " data"));
        }
    }

    private static boolean shapeFits(SocketPacketType type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case EVENT -> data != null && data.isArray() && !data.isEmpty();
            case ACK -> data != null && data.isArray();
            case CONNECT_ERROR -> data != null && (data.isObject() || data.isTextual());
            default -> false;
        };
    }

    /** A CONNECT, with the auth object (client) or {@code {"sid":...}} (server); data may be null. */
    public static SocketPacket connect(String namespace, ObjectNode data) {
        return new SocketPacket(SocketPacketType.CONNECT, namespace, data, null);
    }

    /** A DISCONNECT. */
    public static SocketPacket disconnect(String namespace) {
        return new SocketPacket(SocketPacketType.DISCONNECT, namespace, null, null);
    }

    /** An EVENT without ack id; {@code data} is the array {@code [name, args...]}. */
    public static SocketPacket event(String namespace, ArrayNode data) {
        return new SocketPacket(SocketPacketType.EVENT, namespace, data, null);
    }

    /** An EVENT asking for an acknowledgement under {@code id} (null for none). */
    public static SocketPacket event(String namespace, ArrayNode data, Long id) {
        return new SocketPacket(SocketPacketType.EVENT, namespace, data, id);
    }

    /** The ACK answering the event {@code id} with the arguments {@code data}. */
    public static SocketPacket ack(String namespace, long id, ArrayNode data) {
        return new SocketPacket(SocketPacketType.ACK, namespace, data, id);
    }

    /** A CONNECT_ERROR; {@code data} is {@code {"message":...}} (optionally with {@code "data"}). */
    public static SocketPacket connectError(String namespace, JsonNode data) {
        return new SocketPacket(SocketPacketType.CONNECT_ERROR, namespace, data, null);
    }
}
