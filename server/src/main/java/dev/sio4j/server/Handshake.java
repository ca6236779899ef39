// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.engine.internal.FrozenMultiMap;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The details of the request that opened a socket (socket.io's {@code socket.handshake}).
 *
 * <p>Immutable and thread-safe. Header names are lower case. The maps are unmodifiable: copies
 * of the ones given (the server's own immutable maps are kept as they are, shared with the
 * engine's request); a handshake the server makes keeps the request's order.
 *
 * @param headers the HTTP headers of the Engine.IO handshake request, lower-case names
 * @param query   the query parameters of that request
 * @param auth    the {@code auth} object of the namespace CONNECT packet (an empty object when none)
 * @param address the client's IP address: the TCP peer's, or behind a trusted proxy the address it
 *                forwarded ({@link dev.sio4j.engine.EngineRequest#clientAddress()})
 * @param time    when the connection was made, in JavaScript {@code Date.toString()} form
 * @param issued  when the connection was made, in epoch milliseconds
 * @param secure  whether the client used TLS (to this server, or to a trusted proxy that says so)
 * @param xdomain whether the request carried an Origin header
 * @param url     the request URL (path and query)
 */
public record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query, JsonNode auth,
                        String address, String time, long issued, boolean secure, boolean xdomain, String url) {

    public Handshake {
        headers = immutable(Objects.requireNonNull(headers, "headers"));
        query = immutable(Objects.requireNonNull(query, "query"));
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(url, "url");
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * The handshake in socket.io's JSON shape ({@code headers, time, address, xdomain, secure,
     * issued, url, query, auth}); a header or parameter with one value is a string, with
     * several an array, as Node.js gives them.
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.set("headers", multiMap(mapper, headers));
        o.put("time", time);
        o.put("address", address);
        o.put("xdomain", xdomain);
        o.put("secure", secure);
        o.put("issued", issued);
        o.put("url", url);
        o.set("query", multiMap(mapper, query));
        o.set("auth", auth);
        return o;
    }

    private static ObjectNode multiMap(ObjectMapper mapper, Map<String, List<String>> map) {
        ObjectNode o = mapper.createObjectNode();
        map.forEach((k, v) -> {
            if (v.size() == 1) {
                o.put(k, v.get(0));
            } else {
                o.set(k, mapper.valueToTree(v));
            }
        });
        return o;
    }

    /** A handshake read back from {@link #toJson} (e.g. a socket on another node). */
    public static Handshake fromJson(JsonNode json) {
        return new Handshake(readMultiMap(json.path("headers")), readMultiMap(json.path("query")),
                json.path("auth").isObject() ? json.get("auth") : new ObjectMapper().createObjectNode(),
                json.path("address").asText(""), json.path("time").asText(""), json.path("issued").asLong(),
                json.path("secure").asBoolean(), json.path("xdomain").asBoolean(), json.path("url").asText(""));
    }

    private static Map<String, List<String>> readMultiMap(JsonNode node) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isArray()) {
                List<String> values = new java.util.ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                out.put(e.getKey(), List.copyOf(values));
            } else {
                out.put(e.getKey(), List.of(e.getValue().asText()));
            }
        });
        return out;
    }

    /**
     * {@code map} as an unmodifiable map. The server's own maps are immutable already and kept
     * as they are: a socket then shares its query with the engine session's request instead of
     * holding a copy for life.
     */
    private static Map<String, List<String>> immutable(Map<String, List<String>> map) {
        return map instanceof FrozenMultiMap ? map : Map.copyOf(map);
    }
}
