// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import dev.sio4j.protocol.socketio.SocketParseException.Reason;

/**
 * The envelope of one Socket.IO text frame, split into its parts:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<json>]}.
 *
 * <p>Stricter than socket.io-parser where it only matters to attackers: the attachment count and
 * the ack id are ASCII digits only (no sign, no dot, no spaces, no overflow), the ack id is at
 * most 2^53-1 and only on EVENT/ACK, and the JSON must start right after them.
 *
 * <p>Immutable; package-private helper of {@link SocketDecoder}.
 *
 * @param attachments the announced attachment count, or -1 for a non-binary type
 * @param jsonStart   where the JSON text starts in the frame (it runs to the end), or -1 when the
 *                    frame ends before it; an index, so the JSON is parsed in place, not copied
 */
record PacketText(SocketPacketType type, int attachments, String namespace, Long id, int jsonStart) {

    static PacketText parse(String s, DecoderLimits limits) {
        int len = s.length();
        if (len == 0) {
            throw new SocketParseException(Reason.UNKNOWN_TYPE, "empty packet");
        }
        SocketPacketType type = SocketPacketType.fromWireChar(s.charAt(0));
        if (type == null) {
            throw new SocketParseException(Reason.UNKNOWN_TYPE, "unknown packet type " + printable(s.charAt(0)));
        }
        int i = 1;
        int attachments = -1;
        if (type.isBinary()) {
            int start = i;
            long count = 0;
            while (i < len && isDigit(s.charAt(i))) {
                count = Math.min(count * 10 + (s.charAt(i) - '0'), Integer.MAX_VALUE);
                i++;
            }
            if (i == start || i == len || s.charAt(i) != '-') {
                throw new SocketParseException(Reason.ILLEGAL_ATTACHMENTS,
                        "attachment count must be ASCII digits followed by '-'", type, null);
            }
            if (count > limits.maxAttachments()) {
                throw new SocketParseException(Reason.TOO_MANY_ATTACHMENTS,
                        "more than " + limits.maxAttachments() + " attachments announced", type, null);
            }
            attachments = (int) count;
            i++;
        }
        String namespace = "/";
        if (i < len && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? len : comma;
            namespace = s.substring(i, end);
            checkNamespace(namespace, type, limits);
            i = comma < 0 ? len : comma + 1;
        }
        Long id = null;
        if (i < len && isDigit(s.charAt(i))) {
            if (!type.allowsAckId()) {
                throw new SocketParseException(Reason.BAD_ACK_ID, type + " cannot carry an ack id", type, null);
            }
            long value = 0;
            while (i < len && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > SocketPacket.MAX_ACK_ID) {
                    throw new SocketParseException(Reason.BAD_ACK_ID, "ack id above 2^53-1", type, null);
                }
                i++;
            }
            id = value;
        }
        if (i < len && !startsJson(s.charAt(i))) {
            Reason reason = type.allowsAckId() ? Reason.BAD_ACK_ID : Reason.INVALID_PAYLOAD;
            throw new SocketParseException(reason,
                    "unexpected " + printable(s.charAt(i)) + " where an ack id or a JSON payload belongs", type, null);
        }
        if ((type == SocketPacketType.ACK || type == SocketPacketType.BINARY_ACK) && id == null) {
            throw new SocketParseException(Reason.BAD_ACK_ID, "an ACK without ack id", type, null);
        }
        return new PacketText(type, attachments, namespace, id, i < len ? i : -1);
    }

    private static void checkNamespace(String namespace, SocketPacketType type, DecoderLimits limits) {
        if (namespace.length() > limits.maxNamespaceLength()) {
            throw new SocketParseException(Reason.BAD_NAMESPACE,
                    "namespace longer than " + limits.maxNamespaceLength() + " characters", type, namespace);
        }
        for (int k = 0; k < namespace.length(); k++) {
            if (Character.isISOControl(namespace.charAt(k))) {
                throw new SocketParseException(Reason.BAD_NAMESPACE,
                        "control character in namespace", type, namespace);
            }
        }
    }

    /** Every valid payload is an object, an array or a string, written without leading space. */
    private static boolean startsJson(char c) {
        return c == '[' || c == '{' || c == '"';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
    }
}
