// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts per second of what the UI charts (Node's {@code EventBuffer}): {@code rawConnection},
 * {@code rawDisconnection} by reason, and the {@code bytesIn}/{@code bytesOut} of each statistics
 * interval (added in one step by the caller); drained into each {@code server_stats}.
 *
 * <p>Thread-safe (synchronized; a few entries per second).
 */
final class AggregatedEvents {

    private record Key(long second, String type, String subType) { }

    private final Map<Key, long[]> counts = new LinkedHashMap<>();

    void push(String type, String subType) {
        add(type, subType, 1);
    }

    /** Adds {@code count} to the current second's entry of {@code type}. */
    synchronized void add(String type, String subType, long count) {
        long second = System.currentTimeMillis() / 1000 * 1000;
        counts.computeIfAbsent(new Key(second, type, subType), k -> new long[1])[0] += count;
    }

    /** The counts so far as the UI's {@code NamespaceEvent[]}, and a fresh start. */
    synchronized ArrayNode drain(ObjectMapper mapper) {
        ArrayNode out = mapper.createArrayNode();
        counts.forEach((k, n) -> {
            ObjectNode e = out.addObject();
            e.put("timestamp", k.second());
            e.put("type", k.type());
            if (k.subType() != null) {
                e.put("subType", k.subType());
            }
            e.put("count", n[0]);
        });
        counts.clear();
        return out;
    }
}
