// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the official client reaches the server in a test: WebSocket only, long-polling only, or
 * polling first and then the upgrade to WebSocket (the client's default). Immutable.
 */
enum TransportMode {
    WEBSOCKET,
    POLLING,
    POLLING_WITH_UPGRADE;

    /** Writes socket.io-client's {@code transports} and {@code upgrade} options for this mode. */
    void applyTo(ObjectNode options) {
        var transports = options.putArray("transports");
        switch (this) {
            case WEBSOCKET -> transports.add("websocket");
            case POLLING -> transports.add("polling");
            case POLLING_WITH_UPGRADE -> transports.add("polling").add("websocket");
        }
        options.put("upgrade", this == POLLING_WITH_UPGRADE);
    }

    /** The transport the client should end up on. */
    String finalTransport() {
        return this == POLLING ? "polling" : "websocket";
    }
}
