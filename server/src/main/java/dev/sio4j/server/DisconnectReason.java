// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import java.util.Set;

/**
 * The reasons a socket disconnects, with socket.io 4.8's names (what {@code disconnect} and
 * {@code disconnecting} listeners receive).
 *
 * <p>Immutable and thread-safe.
 */
public enum DisconnectReason {
    /** The client disconnected the namespace (a DISCONNECT packet). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The server called {@code socket.disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The connection was closed by the client. */
    TRANSPORT_CLOSE("transport close"),
    /** The connection failed or broke a transport rule. */
    TRANSPORT_ERROR("transport error"),
    /** The client stopped answering pings. */
    PING_TIMEOUT("ping timeout"),
    /**
     * The client sent an Engine.IO packet or polling payload that could not be decoded. (A
     * Socket.IO packet that breaks the protocol is reported to the socket's error listeners and
     * then closes the connection with {@link #FORCED_CLOSE}, as socket.io 4.8 does.)
     */
    PARSE_ERROR("parse error"),
    /**
     * The server closed the Engine.IO connection: {@code disconnect(true)} of another namespace,
     * a Socket.IO protocol violation by the client, or the connect timeout.
     */
    FORCED_CLOSE("forced close"),
    /** The server is shutting down. */
    SERVER_SHUTTING_DOWN("server shutting down"),
    /** The server closed the connection for good. */
    FORCED_SERVER_CLOSE("forced server close");

    private static final Set<DisconnectReason> RECOVERABLE = Set.of(TRANSPORT_ERROR, TRANSPORT_CLOSE,
            FORCED_CLOSE, PING_TIMEOUT, SERVER_SHUTTING_DOWN, FORCED_SERVER_CLOSE);

    private final String wireName;

    DisconnectReason(String wireName) {
        this.wireName = wireName;
    }

    /** The reason as socket.io names it. */
    public String wireName() {
        return wireName;
    }

    /**
     * The reason named {@code wireName}.
     *
     * @throws IllegalArgumentException for a name socket.io does not use
     */
    public static DisconnectReason of(String wireName) {
        for (DisconnectReason r : values()) {
            if (r.wireName.equals(wireName)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a disconnect reason: " + wireName);
    }

    /** Whether connection state recovery keeps the session after this reason (as socket.io). */
    public boolean recoverable() {
        return RECOVERABLE.contains(this);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
