// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import java.util.Objects;
import java.util.Set;

/**
 * Who receives an emission: the sockets in any of {@code rooms} (every socket of the namespace
 * when empty), minus the sockets in any of {@code except}; plus the {@link BroadcastFlags}.
 * A socket's own id is a room holding only that socket, so single sockets are addressed the
 * same way.
 *
 * <p>Immutable and thread-safe (the sets are copied).
 *
 * @param rooms  target rooms; empty means all sockets
 * @param except rooms whose sockets are excluded
 * @param flags  emission modifiers
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

    /** All sockets of the namespace, default flags. */
    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);

    public BroadcastOptions {
        rooms = Set.copyOf(Objects.requireNonNull(rooms, "rooms"));
        except = Set.copyOf(Objects.requireNonNull(except, "except"));
        Objects.requireNonNull(flags, "flags");
    }

    /** Whether a socket in {@code socketRooms} (its id included) is a target of these options. */
    public boolean matches(Set<String> socketRooms) {
        boolean included = rooms.isEmpty();
        for (String room : socketRooms) {
            if (except.contains(room)) {
                return false;
            }
            if (!included && rooms.contains(room)) {
                included = true;
            }
        }
        return included;
    }
}
