// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary side of a received BINARY_EVENT/BINARY_ACK: finds the placeholders in its JSON,
 * collects the attachments that follow, and puts each one in its place.
 *
 * <p>Placeholders are objects with {@code "_placeholder": true}, as in socket.io-parser. Ours is
 * stricter (SECURITY-CASES row 32): every {@code num} must be an integer in
 * {@code [0, attachments)}, each used exactly once, so the placeholders match the announced
 * count one to one. All of this is checked on the text frame, before any binary frame is kept.
 *
 * <p>Confined to the decoder that owns it; not thread-safe.
 */
public final class Attachments {

    private final JsonNode data;
    private final Slot[] slots; // indexed by num
    private final List<byte[]> received;

    private Attachments(JsonNode data, Slot[] slots) {
        this.data = data;
        this.slots = slots;
        this.received = new ArrayList<>(slots.length);
    }

    /**
     * Finds the placeholders of {@code data}, which announced {@code expected} attachments.
     *
     * @throws SocketParseException ILLEGAL_ATTACHMENTS when they do not match one to one
     */
    public static Attachments scan(JsonNode data, int expected) {
        Slot[] slots = new Slot[expected];
        int found = 0;
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        if (data != null) {
            todo.push(data);
        }
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode child = array.get(i);
                    if (isPlaceholder(child)) {
                        found = claim(slots, child, new Slot(array, null, i), found);
                    } else if (child.isContainerNode()) {
                        todo.push(child);
                    }
                }
            } else if (node instanceof ObjectNode object) {
                for (var e : object.properties()) {
                    if (isPlaceholder(e.getValue())) {
                        found = claim(slots, e.getValue(), new Slot(object, e.getKey(), -1), found);
                    } else if (e.getValue().isContainerNode()) {
                        todo.push(e.getValue());
                    }
                }
            }
        }
        if (found != expected) {
            throw illegal(expected + " attachments announced but " + found + " placeholders found");
        }
        return new Attachments(data, slots);
    }

    /** Whether every attachment has arrived. */
    public boolean complete() {
        return received.size() == slots.length;
    }

    /** Keeps one attachment; the array is not copied. */
    public void add(byte[] attachment) {
        if (complete()) {
            throw new IllegalStateException("all attachments already received");
        }
        received.add(attachment);
    }

    /** Puts every attachment in place of its placeholder and returns the data; call once complete. */
    public JsonNode reconstruct() {
        if (!complete()) {
            throw new IllegalStateException("attachments outstanding");
        }
        for (int num = 0; num < slots.length; num++) {
            slots[num].fill(JsonNodeFactory.instance.binaryNode(received.get(num)));
        }
        return data;
    }

    private static boolean isPlaceholder(JsonNode node) {
        return node.isObject() && node.path("_placeholder").isBoolean() && node.get("_placeholder").booleanValue();
    }

    private static int claim(Slot[] slots, JsonNode placeholder, Slot slot, int found) {
        JsonNode num = placeholder.get("num");
        if (num == null || !num.isIntegralNumber() || !num.canConvertToInt()) {
            throw illegal("placeholder num must be an integer");
        }
        int n = num.intValue();
        if (n < 0 || n >= slots.length) {
            throw illegal("placeholder num " + n + " outside [0, " + slots.length + ")");
        }
        if (slots[n] != null) {
            throw illegal("placeholder num " + n + " used twice");
        }
        slots[n] = slot;
        return found + 1;
    }

    private static SocketParseException illegal(String message) {
        return new SocketParseException(Reason.ILLEGAL_ATTACHMENTS, message);
    }

    /** Where one placeholder sits: an index in an array, or a key in an object. */
    private record Slot(JsonNode parent, String key, int index) {
        void fill(BinaryNode value) {
            if (parent instanceof ArrayNode array) {
                array.set(index, value);
            } else {
                ((ObjectNode) parent).set(key, value);
            }
        }
    }
}
