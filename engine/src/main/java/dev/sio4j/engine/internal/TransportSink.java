// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.Transport;
import java.util.List;

/**
 * What a session needs from the transport that currently carries it. Implementations are
 * confined to the session's event loop (except where a method says otherwise).
 */
interface TransportSink {

    Transport name();

    /** Whether a batch can be written right now (a pending GET; a writable WebSocket). */
    boolean writable();

    /** Writes the batch (never empty) and takes ownership of every item. */
    void write(List<Outbound> batch);

    /** Writes everything in {@code queue} (not empty) and frees its room, as {@code write(queue.drain())}. */
    default void writeQueued(OutboundQueue queue) {
        write(queue.drain());
    }

    /**
     * Ends the transport. {@code closePacket}: for polling, answer a pending GET with a CLOSE
     * packet (true) or a NOOP (false); a WebSocket sends a close frame either way.
     */
    void close(boolean closePacket);
}
