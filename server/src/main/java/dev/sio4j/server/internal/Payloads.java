package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Turns user arguments into Socket.IO payload arrays and back, with the server's Jackson mapper;
 * byte[] and ByteBuffer become {@link BinaryNode}s at any depth (Jackson writes them as embedded
 * binary, which a tree keeps as BinaryNode).
 *
 * <p>Thread-safe.
 */
final class Payloads {

    /** Event names a user may not emit (socket.io's RESERVED_EVENTS). */
    static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private final ObjectMapper mapper;

    Payloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    static void checkEventName(String event) {
        if (event == null) {
            throw new IllegalArgumentException("event name must not be null");
        }
        if (RESERVED.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    /** {@code [event, args...]}. */
    ArrayNode event(String event, List<Object> args) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(args.size() + 1);
        a.add(event);
        for (Object arg : args) {
            a.add(toNode(arg));
        }
        return a;
    }

    /** {@code [args...]}. */
    ArrayNode array(Object[] args) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(args.length);
        for (Object arg : args) {
            a.add(toNode(arg));
        }
        return a;
    }

    JsonNode toNode(Object value) {
        if (value == null) {
            return NullNode.instance;
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof byte[] b) {
            return BinaryNode.valueOf(b);
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return BinaryNode.valueOf(b);
        }
        return mapper.valueToTree(value);
    }

    <T> T map(JsonNode node, Class<T> type) throws java.io.IOException {
        if (type == JsonNode.class) {
            return type.cast(node);
        }
        if (type == byte[].class && node.isBinary()) {
            return type.cast(node.binaryValue());
        }
        return mapper.treeToValue(node, type);
    }

    /** The elements of {@code array} from {@code from} on, unmodifiable. */
    static List<JsonNode> tail(JsonNode array, int from) {
        if (array == null || array.size() <= from) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(array.size() - from);
        for (int i = from; i < array.size(); i++) {
            out.add(array.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    static JsonNode first(List<JsonNode> args) {
        return args.isEmpty() ? MissingNode.getInstance() : args.get(0);
    }
}
