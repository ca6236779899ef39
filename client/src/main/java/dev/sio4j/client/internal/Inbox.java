// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.client.Ack;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's events for one socket: arguments with an {@link Ack} when the server asked for
 * one, held back until the socket is connected (socket.io-client's {@code receiveBuffer}), then
 * given to the catch-all listeners and the event's listeners.
 *
 * <p>Confined to the manager's event loop; the {@link Ack}s it makes may be used from any thread.
 */
final class Inbox {

    private final RealManager manager;
    private final String nsp;
    private final EventRegistry events;
    private final Recovery recovery;
    private final List<Object[]> held = new ArrayList<>();

    Inbox(RealManager manager, String nsp, EventRegistry events, Recovery recovery) {
        this.manager = manager;
        this.nsp = nsp;
        this.events = events;
        this.recovery = recovery;
    }

    /** An EVENT packet: delivered now when {@code connected}, else held. */
    void onEvent(SocketPacket packet, boolean connected) {
        ArrayNode data = (ArrayNode) packet.data();
        int extra = packet.id() != null ? 1 : 0;
        Object[] args = new Object[data.size() + extra];
        for (int i = 0; i < data.size(); i++) {
            args[i] = data.get(i);
        }
        if (packet.id() != null) {
            args[args.length - 1] = serverAck(packet.id());
        }
        if (connected) {
            deliver(args);
        } else {
            held.add(args);
        }
    }

    /** The socket connected: delivers what was held, in order. */
    void release() {
        List<Object[]> out = new ArrayList<>(held);
        held.clear();
        out.forEach(this::deliver);
    }

    private Ack serverAck(long ackId) {
        AtomicBoolean sent = new AtomicBoolean();
        return args -> {
            if (sent.compareAndSet(false, true)) {
                ArrayNode data = manager.codec.ackArray(args);
                manager.execute(() -> manager.packet(SocketPacket.ack(nsp, ackId, data)), false);
            }
        };
    }

    private void deliver(Object[] all) {
        JsonNode name = (JsonNode) all[0];
        String event = name.isTextual() ? name.asText() : name.toString();
        Object[] args = Arrays.copyOfRange(all, 1, all.length);
        EventRegistry.callAny(events.any, event, args);
        events.emit(event, args);
        recovery.onEvent(args);
    }
}
