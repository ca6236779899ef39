// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.protocol.socketio.SocketPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits waiting for the socket to connect (socket.io-client's {@code sendBuffer}), sent in order
 * on connect; a buffered emit whose ack timed out leaves it, so it is never sent late.
 *
 * <p>Confined to the manager's event loop.
 */
final class SendBuffer {

    /** A packet waiting for the connection, with what the outgoing catch-all listeners see. */
    record Outgoing(SocketPacket packet, String event, Object[] args, boolean compress) {
    }

    private final List<Outgoing> packets = new ArrayList<>();

    void add(Outgoing o) {
        packets.add(o);
    }

    /** Whether the packet with ack id {@code ackId} is still waiting here. */
    boolean holdsAck(long ackId) {
        return packets.stream().anyMatch(o -> o.packet().id() != null && o.packet().id() == ackId);
    }

    /** Drops the packet with ack id {@code ackId} (its ack timed out). */
    void removeAck(long ackId) {
        packets.removeIf(o -> o.packet().id() != null && o.packet().id() == ackId);
    }

    /** Everything buffered, in order; the buffer is empty afterwards. */
    List<Outgoing> drain() {
        List<Outgoing> out = new ArrayList<>(packets);
        packets.clear();
        return out;
    }
}
