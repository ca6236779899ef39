// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

/**
 * The two Engine.IO transports, with the names they carry on the wire ({@code transport=} query
 * parameter and the handshake's {@code upgrades} list).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Transport {
    /** HTTP long-polling: GET receives, POST sends. */
    POLLING("polling"),
    /** One WebSocket connection: text and binary frames. */
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the query string and in the handshake. */
    public String wireName() {
        return wireName;
    }

    /**
     * The transport named {@code name} on the wire.
     *
     * @return the transport, or null when the name is unknown
     */
    public static Transport fromWireName(String name) {
        for (Transport t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
