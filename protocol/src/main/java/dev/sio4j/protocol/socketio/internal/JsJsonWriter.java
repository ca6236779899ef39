// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a Jackson tree as compact JSON byte-identical to JavaScript's {@code JSON.stringify} of
 * the same value: key order kept, {@code \b \f \n \r \t} short escapes, other control characters
 * and lone surrogates as lowercase <code>&#92;u00xx</code>, {@code /} and non-ASCII left alone, numbers as
 * {@link JsNumbers} prints them.
 *
 * <p>Binary ({@code BinaryNode}, or a {@code POJONode} holding a {@code byte[]}) is replaced by a
 * {@code {"_placeholder":true,"num":N}} object, numbered depth-first in writing order, and its
 * bytes are appended to the attachment list, as socket.io-parser's deconstructPacket does.
 *
 * <p>Iterative (an explicit stack), so any depth is written without recursion. Stateless and
 * thread-safe.
 */
public final class JsJsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsJsonWriter() {
    }

    /**
     * Appends {@code root} to {@code out}.
     *
     * @param attachments receives the binary parts; null when binary is not allowed here
     * @throws IllegalArgumentException for binary where it is not allowed, or a node type JSON cannot hold
     */
    public static void write(JsonNode root, StringBuilder out, List<byte[]> attachments) {
        if (!root.isArray()) {
            writeTree(root, out, attachments);
            return;
        }
        // An event is an array, mostly of scalars: its elements are written here, by index, and
        // only a nested container costs a stack, its frames and iterators.
        out.append('[');
        for (int i = 0, n = root.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeTree(root.get(i), out, attachments);
        }
        out.append(']');
    }

    /** Writes {@code root} iteratively; the stack is made only when a container opens. */
    private static void writeTree(JsonNode root, StringBuilder out, List<byte[]> attachments) {
        Frame opened = writeValue(root, out, attachments);
        if (opened == null) {
            return;
        }
        ArrayDeque<Frame> stack = new ArrayDeque<>(4);
        stack.push(opened);
        while (!stack.isEmpty()) {
            JsonNode next = stack.peek().next(out);
            if (next == null) {
                out.append(stack.pop().closer);
            } else {
                opened = writeValue(next, out, attachments);
                if (opened != null) {
                    stack.push(opened);
                }
            }
        }
    }

    /**
     * A capacity for a buffer that will hold {@code root} written as JSON: exact for an array of
     * plain strings (the usual event), a guess otherwise, so that the buffer rarely grows.
     */
    public static int sizeHint(JsonNode root) {
        if (root == null) {
            return 0;
        }
        if (root.isTextual()) {
            return root.textValue().length() + 2;
        }
        if (!root.isArray()) {
            return 64;
        }
        int n = root.size();
        int hint = n + 1;
        for (int i = 0; i < n; i++) {
            JsonNode e = root.get(i);
            hint += e.isTextual() ? e.textValue().length() + 2 : 32;
        }
        return hint;
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        int len = s.length();
        int plainFrom = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            String shortEscape = null;
            boolean escape;
            if (c == '"') {
                shortEscape = "\\\"";
            } else if (c == '\\') {
                shortEscape = "\\\\";
            } else if (c < 0x20) {
                shortEscape = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
            }
            if (shortEscape != null || c < 0x20) {
                escape = true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a valid pair is written as is
                    continue;
                }
                escape = true;
            } else {
                escape = Character.isLowSurrogate(c); // a low surrogate without its high half
            }
            if (!escape) {
                continue;
            }
            out.append(s, plainFrom, i);
            if (shortEscape != null) {
                out.append(shortEscape);
            } else {
                out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                        .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            }
            plainFrom = i + 1;
        }
        out.append(s, plainFrom, len).append('"');
    }

    /** Writes a scalar, or opens a container and returns its frame. */
    private static Frame writeValue(JsonNode node, StringBuilder out, List<byte[]> attachments) {
        switch (node.getNodeType()) {
            case ARRAY:
                out.append('[');
                return new Frame(null, node.iterator(), ']');
            case OBJECT:
                out.append('{');
                return new Frame(node.properties().iterator(), null, '}');
            case STRING:
                writeString(node.textValue(), out);
                return null;
            case NUMBER:
                writeNumber(node, out);
                return null;
            case BOOLEAN:
                out.append(node.booleanValue());
                return null;
            case NULL:
                out.append("null");
                return null;
            case BINARY:
                writePlaceholder(((BinaryNode) node).binaryValue(), out, attachments);
                return null;
            case POJO:
                if (((POJONode) node).getPojo() instanceof byte[] bytes) {
                    writePlaceholder(bytes, out, attachments);
                    return null;
                }
                throw new IllegalArgumentException("a POJONode cannot be written as JSON; map it to a tree first");
            default:
                throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        switch (node.numberType()) {
            case INT -> out.append(node.intValue());
            case LONG -> out.append(node.longValue());
            case BIG_INTEGER -> JsNumbers.appendInteger(out, node.bigIntegerValue());
            case FLOAT -> JsNumbers.appendFloat(out, node.floatValue());
            case BIG_DECIMAL -> JsNumbers.appendBigDecimal(out, node.decimalValue());
            default -> JsNumbers.appendDouble(out, node.doubleValue());
        }
    }

    private static void writePlaceholder(byte[] bytes, StringBuilder out, List<byte[]> attachments) {
        if (attachments == null) {
            throw new IllegalArgumentException("binary data is only allowed in an EVENT or an ACK");
        }
        out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
        attachments.add(bytes);
    }

    /** One open array or object: what is left to write, and whether a comma is due. */
    private static final class Frame {
        private final Iterator<Map.Entry<String, JsonNode>> fields;
        private final Iterator<JsonNode> elements;
        private final char closer;
        private boolean first = true;

        Frame(Iterator<Map.Entry<String, JsonNode>> fields, Iterator<JsonNode> elements, char closer) {
            this.fields = fields;
            this.elements = elements;
            this.closer = closer;
        }

        /** Writes the separator and key of the next member and returns its value, or null at the end. */
        JsonNode next(StringBuilder out) {
            boolean more = fields != null ? fields.hasNext() : elements.hasNext();
            if (!more) {
                return null;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            if (elements != null) {
                return elements.next();
            }
            Map.Entry<String, JsonNode> e = fields.next();
            writeString(e.getKey(), out);
            out.append(':');
            return e.getValue();
        }
    }
}
