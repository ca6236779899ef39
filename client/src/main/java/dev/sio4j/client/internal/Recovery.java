// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.client.ClientOptions;

/**
 * What a socket sends in its CONNECT packet: connection state recovery (the session's pid and
 * the offset of the last event received) and the auth, asked for again on every connect.
 *
 * <p>Confined to the manager's event loop.
 */
final class Recovery {

    private String pid;
    private String lastOffset;

    /**
     * The CONNECT payload, or null when there is nothing to send.
     *
     * @throws RuntimeException when the auth supplier fails or gives no JSON object
     */
    ObjectNode connectPayload(ClientOptions options, Codec codec) {
        Object auth = options.auth() == null ? null : options.auth().get();
        if (pid == null && auth == null) {
            return null;
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (pid != null) {
            data.put("pid", pid);
            if (lastOffset != null) {
                data.put("offset", lastOffset);
            }
        }
        if (auth != null) {
            JsonNode node = codec.toJson(auth);
            if (!node.isObject()) {
                throw new IllegalArgumentException("auth must map to a JSON object, not " + node.getNodeType());
            }
            data.setAll((ObjectNode) node);
        }
        return data;
    }

    /** The server accepted the namespace with {@code newPid}; whether the previous session was recovered. */
    boolean onConnect(String newPid) {
        boolean recovered = newPid != null && newPid.equals(pid);
        pid = newPid;
        return recovered;
    }

    /** An event was delivered: with recovery on, its last argument is the server's offset. */
    void onEvent(Object[] args) {
        if (pid != null && args.length > 0 && args[args.length - 1] instanceof JsonNode last && last.isTextual()) {
            lastOffset = last.asText();
        }
    }
}
