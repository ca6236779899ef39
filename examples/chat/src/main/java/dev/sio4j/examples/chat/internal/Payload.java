// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Reads the loosely typed payloads of the chat's events the way the tutorial's JavaScript does,
 * without trusting them: a missing argument is {@code null} (JSON's stand-in for undefined), a
 * field of the wrong type counts as absent.
 *
 * <p>Stateless and thread-safe.
 */
final class Payload {

    /** The longest room name accepted, in UTF-16 units. */
    static final int MAX_ROOM_LENGTH = 128;

    private Payload() {
    }

    /** The event's first argument, or JSON null when there is none (JS sends undefined as null). */
    static JsonNode first(List<JsonNode> args) {
        return args.isEmpty() || args.get(0) == null ? NullNode.instance : args.get(0);
    }

    /** Field {@code name} of {@code obj} when it is a non-empty string, else null. */
    static String text(JsonNode obj, String name) {
        JsonNode value = obj.isObject() ? obj.get(name) : null;
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /**
     * Whether {@code name} has the shape of a socket id (20 characters of URL-safe base64, as
     * sio4j and socket.io make them). Such names are not rooms a client may join: the socket with
     * that id may be on another node, where this node cannot see it.
     */
    static boolean looksLikeSocketId(String name) {
        return name != null && name.length() == 20 && name.chars().allMatch(c -> (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    /** A room name usable by clients: 1..128 characters, no control characters. */
    static boolean validRoom(String room) {
        return room != null && !room.isEmpty() && room.length() <= MAX_ROOM_LENGTH
                && room.chars().noneMatch(Character::isISOControl);
    }

    /**
     * {@code {sender, message}} in that order; {@code message} is left out when the client sent
     * none, as JSON.stringify drops an undefined field.
     */
    static ObjectNode fromSender(String sender, JsonNode original) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("sender", sender);
        JsonNode message = original.get("message");
        if (message != null) {
            out.set("message", message);
        }
        return out;
    }

    /** {@code {sender: id, name}}: who sent a message, when the chat shows names. */
    static ObjectNode named(String id, String name) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("sender", id);
        out.put("name", name);
        return out;
    }

    /** {@code who} with {@code message} added (null, JS's undefined, is kept as null). */
    static ObjectNode withMessage(ObjectNode who, JsonNode message) {
        who.set("message", message);
        return who;
    }

    /** {@code {id}}, the payload of the presence events. */
    static ObjectNode id(String id) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", id);
        return out;
    }
}
