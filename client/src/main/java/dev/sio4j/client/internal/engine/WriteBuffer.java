// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.protocol.engineio.EnginePacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's outgoing packets: those waiting, the batch the transport is writing (kept in the
 * buffer until it drains, so a failed write loses nothing that was counted as sent), and what
 * runs once everything is written. {@link EngineClient} decides when writing is allowed.
 *
 * <p>Confined to the session's event loop.
 */
final class WriteBuffer {

    private final List<Outgoing> packets = new ArrayList<>();
    private int inFlight;
    private Runnable afterDrain;

    void add(Outgoing packet) {
        packets.add(packet);
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    boolean hasInFlight() {
        return inFlight > 0;
    }

    /** Runs {@code action} now if nothing is buffered, else once the buffer has been written. */
    void whenDrained(Runnable action) {
        if (!packets.isEmpty()) {
            afterDrain = action;
        } else {
            action.run();
        }
    }

    /** Drops what waits; the session is over. */
    void clear() {
        packets.clear();
    }

    /** The session switched transport: the new one has nothing in flight yet. */
    void forgetInFlight() {
        inFlight = 0;
    }

    /**
     * Hands the next batch to {@code transport} unless it cannot take one, the buffer is empty or
     * a batch is still in flight.
     */
    void flush(ClientTransport transport, EngineHandshake handshake) {
        if (transport == null || !transport.writable() || packets.isEmpty() || inFlight > 0) {
            return;
        }
        List<Outgoing> batch = nextBatch(transport, handshake);
        inFlight = batch.size();
        transport.send(batch);
    }

    /**
     * The transport wrote the batch in flight: forgets it and returns the action waiting for an
     * empty buffer (once), or null when the caller should flush what remains.
     */
    Runnable drained() {
        packets.subList(0, Math.min(inFlight, packets.size())).clear();
        inFlight = 0;
        if (packets.isEmpty() && afterDrain != null) {
            Runnable r = afterDrain;
            afterDrain = null;
            return r;
        }
        return null;
    }

    /** Splits a polling batch so that it stays under the server's maxPayload, as the JS client does. */
    private List<Outgoing> nextBatch(ClientTransport transport, EngineHandshake handshake) {
        boolean limit = handshake != null && handshake.maxPayload() > 0 && "polling".equals(transport.name());
        if (!limit || packets.size() == 1) {
            return new ArrayList<>(packets);
        }
        long size = 0;
        List<Outgoing> batch = new ArrayList<>();
        for (Outgoing o : packets) {
            EnginePacket p = o.packet();
            long bytes = p.isBinary() ? (p.binary().length * 4L + 2) / 3 + 1
                    : p.text().getBytes(StandardCharsets.UTF_8).length + 1L;
            size += bytes + (batch.isEmpty() ? 0 : 1);
            if (!batch.isEmpty() && size > handshake.maxPayload()) {
                break;
            }
            batch.add(o);
        }
        return batch;
    }
}
