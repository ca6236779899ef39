package dev.sio4j.engine.internal;

import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import java.time.Duration;

/**
 * The last duty of a polling session that the server closed while no GET was pending: the sid
 * stays known until the client collects what was queued (one poll) and then the CLOSE packet
 * (the next), as engine.io's close waits for drain; or until an upgrade that was in progress
 * completes and carries them; or until the linger time runs out. Confined to the session's
 * event loop.
 */
final class Linger {

    private final Session session;
    private final OutboundQueue queue;
    private final SessionRegistry registry;
    private boolean active;

    Linger(Session session, OutboundQueue queue, SessionRegistry registry) {
        this.session = session;
        this.queue = queue;
        this.registry = registry;
    }

    /** Keeps the sid known for at most {@code max}. */
    void start(Duration max) {
        active = true;
        registry.linger(session, max);
    }

    /** Whether a poll is still owed something; any other closed session refuses polls. */
    boolean active() {
        return active;
    }

    /**
     * A GET arrived. What was queued before the close leaves in one poll and the CLOSE in the
     * next: socket.io-client acts on a CLOSE at once but on messages a tick later, so a shared
     * payload would lose the last messages' meaning (a DISCONNECT seen as a transport close).
     * That last poll reads {@code 6␞1}, as engine.io's: its polling transport, closed while no GET
     * was pending, answers the next GET with the empty send it triggers (a NOOP) and appends the
     * CLOSE to it.
     */
    void answer(HttpResponder get) {
        if (queue.isEmpty()) {
            queue.addControl(Outbound.of(EnginePacket.of(EnginePacketType.NOOP)));
            queue.addControl(Outbound.of(EnginePacket.of(EnginePacketType.CLOSE)));
            end();
        }
        PollingTransport p = new PollingTransport();
        p.park(get);
        p.write(queue.drain());
    }

    /**
     * An upgrade kept through the close completed: as engine.io, what was left goes over the
     * new WebSocket, which then closes; no poll is owed anything any more.
     */
    void finishOver(WebSocketTransport ws) {
        active = false;
        if (!queue.isEmpty()) {
            ws.write(queue.drain());
        }
        ws.close(true);
        registry.remove(session);
    }

    /** The client did not come back in time: release what is still queued. */
    void expire() {
        end();
        queue.releaseAll();
    }

    /** The CLOSE went out (or never will): forget the sid; an upgrade kept for it ends too. */
    private void end() {
        active = false;
        session.cancelUpgrade();
        registry.remove(session);
    }
}
