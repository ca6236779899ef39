// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import dev.sio4j.protocol.ProtocolException;
import java.util.Objects;

/**
 * A peer sent a Socket.IO packet that breaks the protocol or a {@link DecoderLimits} limit.
 * The receiving side closes the offending connection and reports {@link #reason()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketParseException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed; stable across versions. Rows refer to SECURITY-CASES.md. */
    public enum Reason {
        /** Empty packet, or a first character other than {@code 0..6} (row 21). */
        UNKNOWN_TYPE,
        /** Namespace too long or holding control characters (row 22). */
        BAD_NAMESPACE,
        /** Ack id not made of ASCII digits, above 2^53-1, on a type without ids, or missing on an ACK (row 30). */
        BAD_ACK_ID,
        /** Payload of the wrong JSON type for the packet type, or missing/extra data (rows 23, 26). */
        INVALID_PAYLOAD,
        /** First element of an EVENT is neither a string nor a number (row 27). */
        BAD_EVENT_NAME,
        /** An EVENT named connect, connect_error, disconnect, disconnecting, newListener or removeListener (row 28). */
        RESERVED_EVENT_NAME,
        /** Malformed attachment count, or placeholders that do not match it one to one (rows 32, 35). */
        ILLEGAL_ATTACHMENTS,
        /** More attachments announced than {@link DecoderLimits#maxAttachments()} (row 35). */
        TOO_MANY_ATTACHMENTS,
        /** A text packet arrived while attachments of the previous one were outstanding (row 33). */
        TEXT_WHILE_RECONSTRUCTING,
        /** A binary frame arrived with no binary packet waiting for it (row 36). */
        BINARY_WHEN_NOT_RECONSTRUCTING,
        /** JSON nested deeper than {@link DecoderLimits#maxNestingDepth()} (row 37). */
        NESTING_TOO_DEEP,
        /** A JSON number longer than {@link DecoderLimits#maxNumberLength()} (row 37). */
        NUMBER_TOO_LONG,
        /** A JSON string or key longer than {@link DecoderLimits#maxStringLength()} (row 37). */
        STRING_TOO_LONG,
        /** The payload is not one valid JSON value. */
        MALFORMED_JSON
    }

    private final Reason reason;
    private final SocketPacketType packetType;
    private final String namespace;

    public SocketParseException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    /**
     * @param packetType the type of the refused packet, when known
     * @param namespace  for {@link Reason#BAD_NAMESPACE}, the namespace as received
     */
    public SocketParseException(Reason reason, String message, SocketPacketType packetType, String namespace) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.packetType = packetType;
        this.namespace = namespace;
    }

    /** The type of the refused packet when it was read before the violation, else null. */
    public SocketPacketType packetType() {
        return packetType;
    }

    /**
     * The refused namespace as received, for {@link Reason#BAD_NAMESPACE} (SECURITY-CASES row 22
     * lets a server answer {@code 44<nsp>,{"message":"Invalid namespace"}} and stay open); null
     * for every other reason.
     */
    public String namespace() {
        return namespace;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
