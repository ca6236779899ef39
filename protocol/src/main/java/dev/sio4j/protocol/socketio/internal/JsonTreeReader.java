// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Reads one JSON value into a Jackson tree, as strictly as JavaScript's {@code JSON.parse}
 * (no comments, no single quotes, no NaN, nothing after the value), under explicit limits.
 *
 * <p>The tree is built with an explicit stack, never by recursion, so no input can exhaust the
 * thread stack. Length limits are checked on each token before its value is converted, so a
 * 10^6-digit number is refused without building a BigInteger. Jackson's own nesting limit is
 * set one above ours as a second line of defence; its length limits are left open so that our
 * checks, which carry precise reasons, always fire first.
 *
 * <p>One known difference from {@code JSON.parse}: Jackson refuses an object key holding an
 * escaped lone surrogate (<code>{"&#92;ud800":1}</code>), which JavaScript accepts; such a payload is
 * reported as MALFORMED_JSON. Lone surrogates in string values are read as JavaScript reads them.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonTreeReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int maxDepth;
    private final int maxNumberLength;
    private final int maxStringLength;
    private final JsonFactory factory;

    public JsonTreeReader(int maxDepth, int maxNumberLength, int maxStringLength) {
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
        this.maxStringLength = maxStringLength;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .build())
                // Keys come from untrusted peers: keep them out of shared symbol tables and intern().
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /**
     * Parses {@code json}, which must hold exactly one JSON value.
     *
     * @throws SocketParseException MALFORMED_JSON, NESTING_TOO_DEEP, NUMBER_TOO_LONG or STRING_TOO_LONG
     */
    public JsonNode read(String json) {
        return read(json, 0, json.length());
    }

    /**
     * Parses the characters of {@code text} from {@code from} to {@code to}, which must hold
     * exactly one JSON value; the range is read in place, never copied into a String of its own.
     *
     * @throws SocketParseException MALFORMED_JSON, NESTING_TOO_DEEP, NUMBER_TOO_LONG or STRING_TOO_LONG
     * @throws IndexOutOfBoundsException when the range is not within {@code text}
     */
    public JsonNode read(String text, int from, int to) {
        // A bad range is the caller's bug, not the peer's: thrown as is, not as MALFORMED_JSON.
        Objects.checkFromToIndex(from, to, text.length());
        JsonNode flat = flatStrings(text, from, to);
        return flat != null ? flat : readGeneral(text, from, to);
    }

    /**
     * The usual event, an array of plain strings ({@code ["chat message","hi"]}), read in one
     * scan without a parser; null for anything else (whitespace, escapes, control characters,
     * other values, trailing data...), which {@link #readGeneral} then reads or refuses. Within
     * that subset JSON has one meaning, so the tree is the one Jackson would build.
     */
    JsonNode flatStrings(String text, int from, int to) {
        // First only looks, so that a payload it does not take (an object after the event
        // name, say) costs no allocation here; then builds.
        if (to - from < 2 || text.charAt(from) != '[' || maxDepth < 1 || !isFlatStrings(text, from, to)) {
            return null;
        }
        ArrayNode array = NODES.arrayNode();
        int i = from + 1;
        while (text.charAt(i) == '"') {
            int start = i + 1;
            int end = text.indexOf('"', start);
            array.add(NODES.textNode(text.substring(start, end)));
            i = end + 2; // past the quote and the ',' or ']'
            if (i >= to) {
                break;
            }
        }
        return array;
    }

    /** Whether the range is {@code [}, plain strings within the length limit separated by {@code ,}, and {@code ]}. */
    private boolean isFlatStrings(String text, int from, int to) {
        int i = from + 1;
        if (text.charAt(i) == ']') {
            return i + 1 == to;
        }
        while (i < to && text.charAt(i) == '"') {
            int start = ++i;
            while (i < to) {
                char c = text.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\' || c < 0x20) {
                    return false;
                }
                i++;
            }
            if (i >= to) {
                return false;
            }
            checkString(i - start);
            i++; // the closing quote
            if (i < to && text.charAt(i) == ',') {
                i++;
            } else {
                return i + 1 == to && text.charAt(i) == ']';
            }
        }
        return false;
    }

    /** Reads the range with Jackson: any JSON value, under the limits. */
    JsonNode readGeneral(String text, int from, int to) {
        try (JsonParser p = from == 0 && to == text.length()
                ? factory.createParser(text)
                : factory.createParser(new StringRangeReader(text, from, to))) {
            JsonNode root = readValue(p);
            if (p.nextToken() != null) {
                throw new SocketParseException(Reason.MALFORMED_JSON, "unexpected data after the JSON value");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new SocketParseException(Reason.NESTING_TOO_DEEP, "JSON nested deeper than " + maxDepth);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SocketParseException spe) {
                throw spe;
            }
            throw new SocketParseException(Reason.MALFORMED_JSON, "malformed JSON: " + shortMessage(e));
        }
    }

    private JsonNode readValue(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new SocketParseException(Reason.MALFORMED_JSON, "no JSON value");
        }
        JsonNode scalar = scalar(p, t);
        if (scalar != null) {
            return scalar;
        }
        ContainerNode<?> root = container(t);
        // The open container is held apart from the stack of its ancestors: a flat event array
        // never needs the stack at all, so it is made only when a second level opens.
        ContainerNode<?> open = root;
        ArrayDeque<ContainerNode<?>> outer = null;
        int depth = 1;
        String name = null;
        while (open != null) {
            t = p.nextToken();
            if (t == null) {
                throw new SocketParseException(Reason.MALFORMED_JSON, "unexpected end of JSON");
            }
            switch (t) {
                case END_ARRAY, END_OBJECT -> {
                    open = outer == null || outer.isEmpty() ? null : outer.pop();
                    depth--;
                }
                case FIELD_NAME -> {
                    name = p.currentName();
                    checkString(name.length());
                }
                default -> {
                    JsonNode value = scalar(p, t);
                    if (value == null) {
                        ContainerNode<?> child = container(t);
                        add(open, name, child);
                        if (depth >= maxDepth) {
                            throw new SocketParseException(Reason.NESTING_TOO_DEEP,
                                    "JSON nested deeper than " + maxDepth);
                        }
                        if (outer == null) {
                            outer = new ArrayDeque<>(8);
                        }
                        outer.push(open);
                        open = child;
                        depth++;
                    } else {
                        add(open, name, value);
                    }
                }
            }
        }
        return root;
    }

    private static void add(ContainerNode<?> parent, String name, JsonNode value) {
        if (parent instanceof ArrayNode array) {
            array.add(value);
        } else {
            // A repeated key keeps its first position and takes the last value, as JSON.parse does.
            ((ObjectNode) parent).set(name, value);
        }
    }

    private static ContainerNode<?> container(JsonToken t) {
        return t == JsonToken.START_ARRAY ? NODES.arrayNode() : NODES.objectNode();
    }

    /** The node for a scalar token, or null for the start of an array or object. */
    private JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_ARRAY, START_OBJECT:
                return null;
            case VALUE_STRING:
                checkString(p.getTextLength());
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                checkNumber(p.getTextLength());
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                checkNumber(p.getTextLength());
                // JavaScript numbers are doubles: 1e400 becomes Infinity there too.
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new SocketParseException(Reason.MALFORMED_JSON, "unexpected JSON token " + t);
        }
    }

    private void checkString(int length) {
        if (length > maxStringLength) {
            throw new SocketParseException(Reason.STRING_TOO_LONG,
                    "JSON string of " + length + " characters, limit " + maxStringLength);
        }
    }

    private void checkNumber(int length) {
        if (length > maxNumberLength) {
            throw new SocketParseException(Reason.NUMBER_TOO_LONG,
                    "JSON number of " + length + " characters, limit " + maxNumberLength);
        }
    }

    private static String shortMessage(Exception e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
