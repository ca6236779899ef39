// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;

/**
 * What a {@link Session.Phase#LINGERING} session writes: the server closed it while no GET was
 * pending, so the client collects what was queued (one poll) and then the CLOSE packet (the
 * next), as engine.io's close waits for drain; or an upgrade that was in progress completes and
 * carries them. The session owns the phase and the sid; this class only shapes the last writes.
 * Confined to the session's event loop.
 */
final class Linger {

    private final OutboundQueue queue;

    /** Set by a drain: the last GET gets a 503 instead of the CLOSE packet (see Session#endForDrain). */
    private boolean drainAnswer;

    Linger(OutboundQueue queue) {
        this.queue = queue;
    }

    void endWithDrainAnswer() {
        drainAnswer = true;
    }

    /**
     * Answers a GET; true when it carried the CLOSE (the linger is over). What was queued before
     * the close leaves in one poll and the CLOSE in the next: socket.io-client acts on a CLOSE at
     * once but on messages a tick later, so a shared payload would lose the last messages'
     * meaning (a DISCONNECT seen as a transport close). That last poll reads {@code 6␞1}, as
     * engine.io's: its polling transport, closed while no GET was pending, answers the next GET
     * with the empty send it triggers (a NOOP) and appends the CLOSE to it.
     */
    boolean answer(HttpResponder get) {
        if (drainAnswer && queue.isEmpty()) {
            EngineHttpHandler.refuseDraining(get, false);
            return true;
        }
        if (drainAnswer) {
            PollingTransport p = new PollingTransport(() -> EngineObservers.NONE); // a closed session: not counted
            p.park(get);
            p.write(queue.drain());
            return false;
        }
        boolean last = queue.isEmpty();
        if (last) {
            queue.addControl(Outbound.of(EnginePacket.of(EnginePacketType.NOOP)));
            queue.addControl(Outbound.of(EnginePacket.of(EnginePacketType.CLOSE)));
        }
        PollingTransport p = new PollingTransport(() -> EngineObservers.NONE); // a closed session: not counted
        p.park(get);
        p.write(queue.drain());
        return last;
    }

    /**
     * An upgrade kept through the close completed: as engine.io, what was left goes over the
     * new WebSocket, which then closes.
     */
    void finishOver(WebSocketTransport ws) {
        if (!queue.isEmpty()) {
            ws.write(queue.drain());
        }
        ws.close(true);
    }
}
