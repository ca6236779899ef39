// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Objects;

/**
 * A session found again by {@link Adapter#restoreSession}, with the EVENT payloads the socket
 * missed while away, oldest first; each is the event's data array (name first, its offset last).
 *
 * <p>Immutable and thread-safe; the payload nodes must not be modified.
 *
 * @param session       the persisted session
 * @param missedPackets data arrays of the missed EVENT packets, in emission order
 */
public record RestoredSession(PersistedSession session, List<ArrayNode> missedPackets) {

    public RestoredSession {
        Objects.requireNonNull(session, "session");
        missedPackets = List.copyOf(missedPackets);
    }
}
