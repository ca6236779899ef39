// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

/**
 * The seven Socket.IO v5 packet types and the digit that announces each on the wire.
 *
 * <p>{@link #BINARY_EVENT} and {@link #BINARY_ACK} exist only on the wire: a decoded
 * {@link SocketPacket} is always an {@link #EVENT} or {@link #ACK} whose data holds
 * {@code BinaryNode}s, and the encoder picks the binary form when the data holds binary.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum SocketPacketType {
    /** Join a namespace (client to server, optional auth object) or its acceptance (server, {@code {"sid":...}}). */
    CONNECT('0'),
    /** Leave a namespace. */
    DISCONNECT('1'),
    /** An event: a JSON array whose first element is the event name. */
    EVENT('2'),
    /** The answer to an event that asked for an acknowledgement. */
    ACK('3'),
    /** A refused CONNECT: {@code {"message":...,"data":...}}. */
    CONNECT_ERROR('4'),
    /** An EVENT followed by binary attachments (wire form only). */
    BINARY_EVENT('5'),
    /** An ACK followed by binary attachments (wire form only). */
    BINARY_ACK('6');

    private static final SocketPacketType[] BY_DIGIT = values();

    private final char wireChar;

    SocketPacketType(char wireChar) {
        this.wireChar = wireChar;
    }

    /** The digit that starts the packet's text form. */
    public char wireChar() {
        return wireChar;
    }

    /** Whether this is one of the two wire-only binary types. */
    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    /** Whether packets of this type may carry an ack id. */
    public boolean allowsAckId() {
        return this == EVENT || this == ACK || this == BINARY_EVENT || this == BINARY_ACK;
    }

    /**
     * The type announced by {@code c}.
     *
     * @return the type, or null when {@code c} is not one of {@code '0'..'6'}
     */
    public static SocketPacketType fromWireChar(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_DIGIT.length ? BY_DIGIT[i] : null;
    }
}
