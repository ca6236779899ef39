// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A socket returned by {@code fetchSockets()}, on this node or (with a cluster adapter) another:
 * a snapshot of its id, handshake, rooms and data, plus actions addressed to it by id.
 *
 * <pre>{@code
 * io.in("room1").fetchSockets().thenAccept(list -> list.forEach(s -> s.emit("hello", s.id())));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface RemoteSocket {

    /** The socket id. */
    String id();

    /** The handshake. */
    Handshake handshake();

    /** Its rooms when fetched (own id included). */
    Set<String> rooms();

    /** Its user data (the live map for a local socket, a copy for a remote one). */
    Map<String, Object> data();

    /** Emits to this socket; see {@link BroadcastOperator#emit}. */
    boolean emit(String event, Object... args);

    /** Makes it join {@code room}. */
    void join(String room);

    /** Makes it join {@code rooms}. */
    void join(Collection<String> rooms);

    /** Makes it leave {@code room}. */
    void leave(String room);

    /** Disconnects it; with {@code close} its whole connection too. */
    void disconnect(boolean close);
}
