// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

/**
 * Hears sockets of this node join and leave rooms (socket.io's adapter events {@code "join-room"}
 * and {@code "leave-room"}), for tools that show rooms live, such as the admin UI. Registered with
 * {@link Adapter#addRoomListener}.
 *
 * <p>A join is reported only when the socket was not in the room yet, a leave only when it was;
 * a socket's own room (its id) is reported like any other, and a disconnecting socket leaves each
 * of its rooms. Calls come after the adapter's lock is released, on the thread that changed the
 * rooms (usually the socket's event loop), so they must be quick and must not block; calls for
 * different sockets may interleave. Implementations must be thread-safe.
 */
public interface RoomListener {

    /** Socket {@code id} joined {@code room}. */
    void onJoin(String room, String id);

    /** Socket {@code id} left {@code room}. */
    void onLeave(String room, String id);
}
