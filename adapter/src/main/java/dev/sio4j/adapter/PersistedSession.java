// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of a disconnected socket kept for connection state recovery: its id, the private id
 * the client proves itself with ({@code pid}; secret, never logged or broadcast), its rooms and
 * its user data.
 *
 * <p>Immutable apart from {@code data}, which is the socket's own live (concurrent) map, handed back
 * as is; thread-safe.
 *
 * @param sid   the socket id
 * @param pid   the private session id
 * @param rooms the rooms, own id included
 * @param data  the socket's user data
 */
public record PersistedSession(String sid, String pid, Set<String> rooms, Map<String, Object> data) {

    public PersistedSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(pid, "pid");
        rooms = Set.copyOf(rooms);
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "PersistedSession[sid=" + sid + ", rooms=" + rooms.size() + "]";
    }
}
