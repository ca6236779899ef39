// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's Engine.IO OPEN packet.
 *
 * <p>Immutable, thread-safe.
 *
 * @param sid          the session id (a bearer secret: never logged)
 * @param upgrades     transports the server offers to upgrade to
 * @param pingInterval ms between the server's pings
 * @param pingTimeout  ms the server waits for a pong
 * @param maxPayload   the largest polling body the server accepts, 0 when not advertised
 */
public record EngineHandshake(String sid, List<String> upgrades, long pingInterval, long pingTimeout,
                              long maxPayload) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses the OPEN packet's data. @throws IllegalArgumentException when it is not a valid handshake */
    static EngineHandshake parse(String data) {
        JsonNode node;
        try {
            node = JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("handshake is not JSON", e);
        }
        if (node == null || !node.path("sid").isTextual() || !node.path("pingInterval").canConvertToLong()
                || !node.path("pingTimeout").canConvertToLong()) {
            throw new IllegalArgumentException("handshake lacks sid, pingInterval or pingTimeout");
        }
        List<String> upgrades = new ArrayList<>();
        node.path("upgrades").forEach(u -> upgrades.add(u.asText()));
        long interval = node.path("pingInterval").asLong();
        long timeout = node.path("pingTimeout").asLong();
        if (interval <= 0 || timeout <= 0) {
            throw new IllegalArgumentException("handshake has a non-positive ping interval or timeout");
        }
        return new EngineHandshake(node.path("sid").asText(), List.copyOf(upgrades), interval, timeout,
                node.path("maxPayload").asLong(0));
    }

    @Override
    public String toString() {
        return "EngineHandshake[upgrades=" + upgrades + ", pingInterval=" + pingInterval
                + ", pingTimeout=" + pingTimeout + ", maxPayload=" + maxPayload + "]";
    }
}
