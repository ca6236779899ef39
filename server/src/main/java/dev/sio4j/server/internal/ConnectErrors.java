// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.protocol.socketio.SocketPacket;

/**
 * CONNECT_ERROR packets as socket.io writes them: {@code {"message": ...}} plus {@code "data"}
 * when there is any.
 *
 * <p>Stateless and thread-safe.
 */
final class ConnectErrors {

    private ConnectErrors() {
    }

    /** The answer to a CONNECT for a namespace that does not exist. */
    static SocketPacket invalidNamespace(String ns) {
        return of(ns, "Invalid namespace", null);
    }

    static SocketPacket of(String ns, String message, JsonNode data) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("message", message);
        if (data != null && !data.isNull() && !data.isMissingNode()) {
            o.set("data", data);
        }
        return SocketPacket.connectError(ns, o);
    }
}
