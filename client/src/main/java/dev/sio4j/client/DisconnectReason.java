// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import java.util.Objects;

/**
 * Why a socket disconnected, with socket.io-client's names (the string the {@code disconnect}
 * event carries is {@link #wireName()}). See {@link Socket#onDisconnect}.
 *
 * <p>Immutable and thread-safe.
 */
public enum DisconnectReason {
    /** The server disconnected the socket (a DISCONNECT packet); no automatic reconnection. */
    IO_SERVER_DISCONNECT("io server disconnect"),
    /** This side called {@code disconnect()}; no automatic reconnection. */
    IO_CLIENT_DISCONNECT("io client disconnect"),
    /** The server stopped pinging within pingInterval + pingTimeout. */
    PING_TIMEOUT("ping timeout"),
    /** The connection was closed (the server went away, or the network). */
    TRANSPORT_CLOSE("transport close"),
    /** The connection failed. */
    TRANSPORT_ERROR("transport error"),
    /** The server sent something that could not be decoded. */
    PARSE_ERROR("parse error"),
    /** The manager's connection was closed on this side (its last socket left, or shutdown). */
    FORCED_CLOSE("forced close");

    private final String wireName;

    DisconnectReason(String wireName) {
        this.wireName = wireName;
    }

    /** The reason as socket.io-client names it. */
    public String wireName() {
        return wireName;
    }

    /** Whether the manager reconnects after it (when reconnection is on): all but the three ends chosen by either side. */
    public boolean reconnects() {
        return this != IO_SERVER_DISCONNECT && this != IO_CLIENT_DISCONNECT && this != FORCED_CLOSE;
    }

    /**
     * The reason named {@code wireName}.
     *
     * @throws IllegalArgumentException for a name socket.io-client does not use
     */
    public static DisconnectReason of(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (DisconnectReason r : values()) {
            if (r.wireName.equals(wireName)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a disconnect reason: " + wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
