// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

/**
 * The seven Engine.IO v4 packet types and the ASCII digit that announces each on the wire.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum EnginePacketType {
    /** Sent by the server once, first: the handshake JSON (sid, upgrades, pingInterval...). */
    OPEN('0'),
    /** Asks the other side to close the session. */
    CLOSE('1'),
    /** Heartbeat from the server, or {@code 2probe} from a client probing a new transport. */
    PING('2'),
    /** Answer to a ping ({@code 3probe} answers {@code 2probe}). */
    PONG('3'),
    /** Application data: text, or a binary frame. */
    MESSAGE('4'),
    /** Completes a transport upgrade. */
    UPGRADE('5'),
    /** Filler, used to release a pending polling GET during an upgrade. */
    NOOP('6');

    private static final EnginePacketType[] BY_DIGIT = values();

    private final char wireChar;

    EnginePacketType(char wireChar) {
        this.wireChar = wireChar;
    }

    /** The digit written in front of the packet data. */
    public char wireChar() {
        return wireChar;
    }

    /**
     * The type announced by {@code c}.
     *
     * @return the type, or null when {@code c} is not one of {@code '0'..'6'}
     */
    public static EnginePacketType fromWireChar(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_DIGIT.length ? BY_DIGIT[i] : null;
    }
}
