// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.Socket;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sockets in the shape the admin UI reads ({@code SerializedSocket}: id, clientId, transport,
 * nsp, data, handshake, rooms) and timestamps as JavaScript's {@code Date} goes into JSON.
 *
 * <p>Thread-safe (stateless apart from the mapper).
 */
final class Serializer {

    /** Headers that carry credentials: shown as "[redacted]", never their value. */
    static final Set<String> REDACTED_HEADERS = Set.of("cookie", "authorization", "proxy-authorization");
    static final String REDACTED = "[redacted]";
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    Serializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Now, as {@code new Date()} in JSON: {@code 2026-12-06T20:00:00.000Z}. */
    static String now() {
        return JS_DATE.format(Instant.now());
    }

    /** A local socket, with its connection's id (first 12 characters, as Node) and transport. */
    ObjectNode socket(Socket socket, String nsp) {
        return serialize(socket.id(), socket.conn().id().substring(0, 12), socket.conn().transport().wireName(),
                nsp, socket.data(), socket.handshake(), socket.rooms());
    }

    /**
     * A socket of another node (fetchSockets): a Node.js node keeps clientId and transport in
     * {@code data._admin}; other nodes' are unknown (null).
     */
    ObjectNode remote(RemoteSocket socket, String nsp) {
        Object admin = socket.data().get("_admin");
        JsonNode meta = admin == null ? mapper.createObjectNode() : safeTree(admin);
        return serialize(socket.id(), meta.path("clientId").textValue(), meta.path("transport").textValue(),
                nsp, socket.data(), socket.handshake(), socket.rooms());
    }

    private ObjectNode serialize(String id, String clientId, String transport, String nsp, Map<String, Object> data,
                                 Handshake handshake, Collection<String> rooms) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", id);
        o.put("clientId", clientId);
        o.put("transport", transport);
        o.put("nsp", nsp);
        o.set("data", data(data));
        o.set("handshake", handshake(handshake));
        ArrayNode r = o.putArray("rooms");
        rooms.forEach(r::add);
        return o;
    }

    /** The socket's data without Node's {@code _admin} entry; a value Jackson cannot write shows as a note. */
    ObjectNode data(Map<String, Object> data) {
        ObjectNode o = mapper.createObjectNode();
        for (Map.Entry<String, Object> e : Map.copyOf(data).entrySet()) {
            if (!e.getKey().equals("_admin")) {
                o.set(e.getKey(), safeTree(e.getValue()));
            }
        }
        return o;
    }

    private JsonNode safeTree(Object value) {
        try {
            return mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return mapper.getNodeFactory().textNode("[not serializable: " + value.getClass().getName() + "]");
        }
    }

    /** As Node's admin UI: no {@code auth}; unlike it, credential headers redacted and the address the server trusts. */
    ObjectNode handshake(Handshake h) {
        ObjectNode o = mapper.createObjectNode();
        o.put("address", h.address());
        ObjectNode headers = o.putObject("headers");
        h.headers().forEach((name, values) -> {
            if (REDACTED_HEADERS.contains(name)) {
                headers.put(name, REDACTED);
            } else if (values.size() == 1) {
                headers.put(name, values.get(0));
            } else {
                ArrayNode a = headers.putArray(name);
                values.forEach(a::add);
            }
        });
        ObjectNode query = o.putObject("query");
        h.query().forEach((name, values) -> {
            if (values.size() == 1) {
                query.put(name, values.get(0));
            } else {
                ArrayNode a = query.putArray(name);
                values.forEach(a::add);
            }
        });
        o.put("issued", h.issued());
        o.put("secure", h.secure());
        o.put("time", h.time());
        o.put("url", h.url());
        o.put("xdomain", h.xdomain());
        return o;
    }

    /** An event's name and arguments as one array, as the UI expects in event_received/event_sent. */
    ArrayNode eventArgs(String event, List<JsonNode> args) {
        ArrayNode a = mapper.createArrayNode();
        a.add(event);
        args.forEach(a::add);
        return a;
    }
}
