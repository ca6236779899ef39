// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.adapter.SocketDetails;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot of a socket as a node sends it in a {@code fetchSockets} response: id, handshake,
 * rooms and user data, all as they travel (JSON). {@link #data()} is a plain-value copy of the
 * data (maps, lists, strings, numbers, booleans, {@code byte[]}, null).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id        the socket id
 * @param handshake the handshake in socket.io's JSON shape
 * @param rooms     the socket's rooms, its own id included
 * @param dataJson  {@code socket.data} as JSON (an object; anything else is read as empty)
 */
public record RemoteSocketDetails(String id, JsonNode handshake, Set<String> rooms, JsonNode dataJson)
        implements SocketDetails {

    // Converts JSON to plain Java values only; no user types are involved, so a private default
    // mapper is enough.
    private static final ObjectMapper PLAIN = new ObjectMapper();

    public RemoteSocketDetails {
        Objects.requireNonNull(id, "id");
        handshake = handshake == null ? JsonNodeFactory.instance.objectNode() : handshake;
        // in the order the node listed them (its own id first), as they go back on the wire
        rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
        dataJson = dataJson == null || !dataJson.isObject() ? JsonNodeFactory.instance.objectNode() : dataJson;
    }

    /** A snapshot of a local socket, its data turned into JSON with {@code toJson}. */
    public static RemoteSocketDetails of(SocketDetails socket, java.util.function.Function<Object, JsonNode> toJson) {
        return new RemoteSocketDetails(socket.id(), socket.handshakeJson(), socket.rooms(), toJson.apply(socket.data()));
    }

    @Override
    public JsonNode handshakeJson() {
        return handshake;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> data() {
        return Collections.unmodifiableMap(PLAIN.convertValue(dataJson, LinkedHashMap.class));
    }
}
