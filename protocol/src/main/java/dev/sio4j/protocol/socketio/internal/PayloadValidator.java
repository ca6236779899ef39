// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import java.util.Set;

/**
 * Checks that a decoded payload has the JSON shape its packet type requires, as
 * socket.io-parser's {@code isPayloadValid} does, and a little stricter where data is missing:
 * CONNECT takes an object or nothing; DISCONNECT nothing; EVENT a non-empty array whose first
 * element is a number or a non-reserved string; ACK an array; CONNECT_ERROR an object or a string.
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadValidator {

    /** Names with a meaning of their own on one side or the other, refused as event names. */
    public static final Set<String> RESERVED_EVENTS = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private PayloadValidator() {
    }

    /**
     * @param data the payload, or null when the packet had none
     * @throws SocketParseException INVALID_PAYLOAD, BAD_EVENT_NAME or RESERVED_EVENT_NAME
     */
    public static void validate(SocketPacketType type, JsonNode data) {
        switch (type) {
            case CONNECT -> require(data == null || data.isObject(), type, data);
            case DISCONNECT -> require(data == null, type, data);
            case CONNECT_ERROR -> require(data != null && (data.isObject() || data.isTextual()), type, data);
            case ACK, BINARY_ACK -> require(data != null && data.isArray(), type, data);
            case EVENT, BINARY_EVENT -> validateEvent(type, data);
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static void validateEvent(SocketPacketType type, JsonNode data) {
        require(data != null && data.isArray() && !data.isEmpty(), type, data);
        JsonNode name = data.get(0);
        if (name.isNumber()) {
            return; // socket.io-parser accepts a number as the event name
        }
        if (!name.isTextual()) {
            throw new SocketParseException(Reason.BAD_EVENT_NAME,
                    "event name is a " + name.getNodeType() + ", not a string or a number", type, null);
        }
        if (RESERVED_EVENTS.contains(name.textValue())) {
            throw new SocketParseException(Reason.RESERVED_EVENT_NAME,
                    "reserved event name \"" + name.textValue() + "\"", type, null);
        }
    }

    private static void require(boolean ok, SocketPacketType type, JsonNode data) {
        if (!ok) {
            String what = data == null ? "no payload" : describe(data);
            throw new SocketParseException(Reason.INVALID_PAYLOAD, type + " cannot carry " + what, type, null);
        }
    }

    private static String describe(JsonNode data) {
        if (data.isArray() && data.isEmpty()) {
            return "an empty array";
        }
        return "a " + data.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " payload";
    }
}
