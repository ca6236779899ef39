// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sio4j.protocol.internal.BinaryModule;
import java.util.Objects;

/**
 * Maps application values to and from the Jackson trees that Socket.IO packets carry.
 *
 * <p>{@link #toTree(Object)} turns records, beans, maps, lists and scalars into a {@link JsonNode};
 * {@code byte[]} and {@link java.nio.ByteBuffer} become {@code BinaryNode}s at any depth, which the
 * encoder sends as binary attachments. {@link #fromTree(JsonNode, Class)} goes back to a Java type;
 * a {@code byte[]} (or {@code ByteBuffer}) target accepts a {@code BinaryNode}.
 *
 * <p>The default mapper ({@link #create()}) is configured for untrusted input: no polymorphic
 * typing, StreamReadConstraints on its parser factory (nesting depth 64, number length 1000,
 * string length 1,000,000, as {@code DecoderLimits}), unknown properties ignored (clients send
 * more fields than a record declares, and JavaScript code tolerates that too), empty beans
 * written as {@code {}}, and dates as ISO-8601 strings rather than numbers, as
 * {@code JSON.stringify} writes a JavaScript Date. Pass your own mapper to
 * {@link #of(ObjectMapper)} to add modules (java.time, Kotlin...); a copy of it is used, with
 * only the ByteBuffer-as-binary serializer added.
 *
 * <pre>{@code
 * PayloadMapper mapper = PayloadMapper.create();
 * JsonNode tree = mapper.toTree(new Upload("a.png", pngBytes));   // bytes -> BinaryNode
 * Upload back = mapper.fromTree(tree, Upload.class);
 * }</pre>
 *
 * <p>Thread-safe, provided the wrapped {@code ObjectMapper} is not reconfigured after wrapping.
 */
public final class PayloadMapper {

    private final ObjectMapper mapper;

    private PayloadMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A mapper with a fresh, safely configured {@code ObjectMapper} (see the class comment). */
    public static PayloadMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxNumberLength(1000)
                        .maxStringLength(1_000_000)
                        .build())
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(new BinaryModule())
                .build();
        return new PayloadMapper(mapper);
    }

    /**
     * Wraps a copy of the application's own mapper, with one addition: every {@code ByteBuffer}
     * (direct ones too) is written as binary. Later changes to {@code mapper} are not seen.
     */
    public static PayloadMapper of(ObjectMapper mapper) {
        ObjectMapper copy = Objects.requireNonNull(mapper, "mapper").copy();
        copy.registerModule(new BinaryModule());
        return new PayloadMapper(copy);
    }

    /** The wrapped mapper; do not reconfigure it while in use. */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    /**
     * The tree of {@code value}: a {@code JsonNode} is returned as is, null becomes JSON null.
     *
     * @throws PayloadMappingException when Jackson cannot serialize the value
     */
    public JsonNode toTree(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new PayloadMappingException("cannot map " + value.getClass().getName() + " to JSON", e);
        }
    }

    /**
     * Maps {@code tree} to {@code type}.
     *
     * @throws PayloadMappingException when the tree does not fit the type
     */
    public <T> T fromTree(JsonNode tree, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return fromTree(tree, mapper.constructType(type));
    }

    /** Maps {@code tree} to a generic type, e.g. {@code new TypeReference<List<Msg>>() {}}. */
    public <T> T fromTree(JsonNode tree, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return fromTree(tree, mapper.getTypeFactory().constructType(type));
    }

    /** Maps {@code tree} to {@code type}. */
    public <T> T fromTree(JsonNode tree, JavaType type) {
        Objects.requireNonNull(type, "type");
        JsonNode source = tree == null ? NullNode.getInstance() : tree;
        try {
            return mapper.treeToValue(source, type);
        } catch (Exception e) { // JsonProcessingException, or IllegalArgumentException from converters
            throw new PayloadMappingException("cannot map a JSON " + source.getNodeType()
                    + " to " + type.toCanonical(), e);
        }
    }
}
