// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.protocol.socketio.SocketPacketType;

/**
 * A client sent a well-formed Socket.IO packet that its connection's state does not allow: a
 * second CONNECT to a namespace it already joined (or is joining), a packet for a namespace it
 * has not joined, or a CONNECT_ERROR (SECURITY-CASES row 24); or the binary attachments of a
 * packet did not all arrive within the engine's pingTimeout (row 34, a sio4j limit: socket.io
 * waits forever). As in socket.io 4.8 the whole
 * connection is closed, and its sockets then disconnect with the engine's close reason
 * ({@code "forced close"}).
 *
 * <p>socket.io closes silently in this case; sio4j also hands this exception to the error
 * listeners ({@link Socket#onError}) of the connection's sockets before they disconnect, so that
 * the violation is observable. (A packet that cannot be decoded at all is reported there as the decoder's
 * {@link dev.sio4j.protocol.socketio.SocketParseException}, as socket.io emits its parser error.)
 *
 * <p>Immutable and thread-safe.
 */
public final class ProtocolStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SocketPacketType packetType;
    private final String namespace;

    /** {@code packetType} for {@code namespace} was not allowed. */
    public ProtocolStateException(SocketPacketType packetType, String namespace) {
        this(packetType, namespace, "invalid state: packet type " + packetType + " for namespace " + namespace);
    }

    /** {@code packetType} for {@code namespace} (null when unknown) was refused for {@code message}. */
    public ProtocolStateException(SocketPacketType packetType, String namespace, String message) {
        super(message);
        this.packetType = packetType;
        this.namespace = namespace;
    }

    /** The type of the refused packet. */
    public SocketPacketType packetType() {
        return packetType;
    }

    /** The namespace the refused packet was addressed to, or null when it is not known. */
    public String namespace() {
        return namespace;
    }
}
