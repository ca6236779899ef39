// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's way out: a send reserves room in the {@link OutboundQueue} at once and asks the
 * volatile gate (so it can answer synchronously), hops onto the session's loop, and everything
 * queued during one event-loop turn leaves in one batch on the current transport. Thread-safe:
 * {@link #send} and {@link #enqueue} may be called from any thread (the gate is published
 * through volatile fields); everything else is confined to the session's event loop.
 */
final class Outbox {

    /**
     * What the outbox needs of its session. {@link #isOpen}, {@link #transport} and
     * {@link #onLoop} are called from any thread, the rest on the session's loop.
     */
    interface Owner {
        boolean isOpen();

        Transport transport();

        /** Runs {@code task} on the session's loop; false if the loop refused it. */
        boolean onLoop(Runnable task);

        TransportSink transportSink();

        /** Whether an upgrade is in progress (volatile messages wait for it). */
        boolean upgrading();

        /** A message did not fit the queue: the session must close. On the loop. */
        void queueFull();

        /**
         * Whether a WebSocket of this session may be written ready frames ({@link WireFrames}):
         * true unless permessage-deflate is on, since only Netty's frame encoder compresses. Any thread.
         */
        boolean readyFrames();

        /** Who observes the server now. Any thread. */
        dev.sio4j.engine.EngineObserver observer();
    }

    private final Owner session;
    private final EventLoop loop;
    private final OutboundQueue queue;
    private final ListenerSlot listener;
    private boolean flushScheduled; // confined to the loop
    // Read by send() on any thread; written on the loop. See acceptsVolatile().
    private volatile boolean volatileGate;
    private volatile WebSocketTransport liveWebSocket;

    Outbox(Owner session, EventLoop loop, OutboundQueue queue, ListenerSlot listener) {
        this.session = session;
        this.loop = loop;
        this.queue = queue;
        this.listener = listener;
    }

    /** Queues a prepared message; false when refused (closed, no room, or volatile and not writable). Any thread. */
    boolean send(EngineMessage message, boolean volatileMessage) {
        if (!session.isOpen()) {
            return false;
        }
        if (volatileMessage && !acceptsVolatile()) {
            session.observer().messageDropped(session.transport());
            return false;
        }
        if (session.transport() == Transport.WEBSOCKET && session.readyFrames()) {
            // Whole frames encoded once per message: each session writes the same bytes.
            ByteBuf[] wire = MessageFrames.retainedWireFrames(message);
            if (wire.length == 1) {
                return enqueue(List.of(Outbound.wire(wire[0], false)), volatileMessage);
            }
            List<Outbound> items = new ArrayList<>(wire.length);
            for (int i = 0; i < wire.length; i++) {
                items.add(Outbound.wire(wire[i], i > 0));
            }
            return enqueue(items, volatileMessage);
        }
        ByteBuf[] frames = MessageFrames.retainedFrames(message);
        List<String> polling = session.transport() == Transport.POLLING ? MessageFrames.pollingPackets(message) : null;
        if (frames.length == 1) {
            // The common case, a message without attachments: no list to grow per delivery.
            return enqueue(List.of(Outbound.prepared(frames[0], false, polling == null ? null : polling.get(0))),
                    volatileMessage);
        }
        List<Outbound> items = new ArrayList<>(frames.length);
        for (int i = 0; i < frames.length; i++) {
            items.add(Outbound.prepared(frames[i], i > 0, polling == null ? null : polling.get(i)));
        }
        return enqueue(items, volatileMessage);
    }

    /**
     * Whether the transport can take a volatile message now (engine.io's {@code transport.writable}):
     * no upgrade in progress, and a pending GET (polling) or a WebSocket that is not busy (see
     * {@link WebSocketTransport#writable()}). The WebSocket is asked live, since its writability
     * changes on its own loop; the rest is a snapshot the loop keeps current.
     */
    private boolean acceptsVolatile() {
        WebSocketTransport ws = liveWebSocket;
        return volatileGate && (ws == null || ws.writable());
    }

    /**
     * Reserves room for {@code items} and hands them to the loop; false (items released) when
     * refused. A full queue closes the session unless the message was volatile. Any thread.
     */
    boolean enqueue(List<Outbound> items, boolean volatileMessage) {
        if (!session.isOpen()) {
            items.forEach(Outbound::release);
            return false;
        }
        if (queue.reserve(items) < 0) {
            items.forEach(Outbound::release);
            if (volatileMessage) {
                session.observer().messageDropped(session.transport());
            } else {
                session.onLoop(session::queueFull);
            }
            return false;
        }
        if (loop.inEventLoop()) {
            // Already on the session's loop (a broadcast from a socket of the same loop): no task.
            addReserved(items);
            return true;
        }
        if (!session.onLoop(() -> addReserved(items))) {
            queue.unreserve(items);
            items.forEach(Outbound::release);
            return false;
        }
        return true;
    }

    /** Adds items whose room is reserved, or gives the room back if the session closed meanwhile. Loop only. */
    private void addReserved(List<Outbound> items) {
        if (!session.isOpen()) {
            queue.unreserve(items);
            items.forEach(Outbound::release);
            return;
        }
        queue.addReserved(items);
        scheduleFlush();
    }

    /** Queues a control packet (OPEN, PING), never refused while the session is open. */
    void sendPacket(EnginePacket packet) {
        if (!session.isOpen()) {
            return;
        }
        queue.addControl(Outbound.of(packet));
        scheduleFlush();
    }

    /** Flushes in this loop turn's shared flush task (see {@link LoopFlushes}). Loop only. */
    private void scheduleFlush() {
        if (!flushScheduled) {
            if (!loop.inEventLoop() || !LoopFlushes.add(this, loop)) {
                loop.execute(this::flush);
            }
            flushScheduled = true;
        }
    }

    /**
     * Writes everything queued if the transport can take it: one batch, one flush. Packets sent
     * during one event-loop turn thus leave together; for a WebSocket on another loop the batch
     * crosses as one task (see {@link WebSocketTransport#write}).
     */
    void flush() {
        flushScheduled = false;
        TransportSink transport = session.transportSink();
        if (session.isOpen() && !queue.isEmpty() && transport.writable()) {
            transport.writeQueued(queue);
            listener.drained();
        }
        updateVolatileGate();
    }

    /** The server closes the session: what is queued goes out first, if the transport can carry it. */
    void flushBeforeClose() {
        if (queue.isEmpty()) {
            return;
        }
        TransportSink transport = session.transportSink();
        if (transport.writable()) {
            flush();
        } else if (transport instanceof WebSocketTransport ws) {
            // A busy WebSocket: engine.io waits for it to drain before closing. Netty keeps
            // the bytes (at most the queue's caps) and the close frame goes out after them.
            ws.write(queue.drain());
        }
    }

    /** Called on the loop whenever the transport, the upgrade or a pending GET changes. */
    void updateVolatileGate() {
        TransportSink transport = session.transportSink();
        volatileGate = session.isOpen() && !session.upgrading() && transport != null
                && (transport instanceof WebSocketTransport || transport.writable());
    }

    /** The session now rides on {@code transport}, whose writability the gate asks live if it is a WebSocket. */
    void transportChanged(TransportSink transport) {
        liveWebSocket = transport instanceof WebSocketTransport ws ? ws : null;
    }

    /** The session closed: no volatile message is taken any more. */
    void closeGate() {
        volatileGate = false;
    }
}
