// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sio4j.protocol.PayloadMapper;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Small helpers around event argument arrays: building {@code [event, args...]} with the
 * server's {@link PayloadMapper} (which turns byte[]/ByteBuffer into binary at any depth),
 * slicing received arrays, and the reserved event names.
 *
 * <p>Stateless and thread-safe.
 */
final class EventArgs {

    /** Event names a user may not emit (socket.io's RESERVED_EVENTS). */
    static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private EventArgs() {
    }

    static void checkEventName(String event) {
        if (event == null) {
            throw new IllegalArgumentException("event name must not be null");
        }
        if (RESERVED.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    /** {@code [event, args...]}; a {@code PayloadMappingException} when an argument cannot be mapped. */
    static ArrayNode event(PayloadMapper mapper, String event, List<?> args) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(args.size() + 1);
        a.add(event);
        for (Object arg : args) {
            a.add(mapper.toTree(arg));
        }
        return a;
    }

    /** {@code [args...]}. */
    static ArrayNode array(PayloadMapper mapper, Object[] args) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(args.length);
        for (Object arg : args) {
            a.add(mapper.toTree(arg));
        }
        return a;
    }

    /**
     * The elements of {@code array} from {@code from} on, unmodifiable: a view, one object per
     * event instead of a copy and its wrapper. The arrays given here are decoded or built for
     * one packet and never changed after, so the view stays what a copy would be.
     */
    static List<JsonNode> tail(JsonNode array, int from) {
        if (array == null || array.size() <= from) {
            return List.of();
        }
        return new Tail(array, from);
    }

    /** An unmodifiable view of the elements of an array node from an index on. */
    private static final class Tail extends AbstractList<JsonNode> implements RandomAccess {
        private final JsonNode array;
        private final int from;
        private final int size;

        Tail(JsonNode array, int from) {
            this.array = array;
            this.from = from;
            this.size = array.size() - from;
        }

        @Override
        public JsonNode get(int index) {
            Objects.checkIndex(index, size);
            return array.get(from + index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** The first argument, or {@link MissingNode} when there is none (JavaScript's undefined). */
    static JsonNode first(List<JsonNode> args) {
        return args.isEmpty() ? MissingNode.getInstance() : args.get(0);
    }
}
