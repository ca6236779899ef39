// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineObserver;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.function.Supplier;

/**
 * The long-polling side of a session: at most one pending GET (which receives the next batch)
 * and at most one POST in flight. Confined to the session's event loop.
 */
final class PollingTransport implements TransportSink {

    private final Supplier<EngineObserver> observer;
    private HttpResponder pendingGet;
    private boolean postInFlight;
    private boolean closed;

    /** {@code observer}: who hears of the packets written (asked at each write). */
    PollingTransport(Supplier<EngineObserver> observer) {
        this.observer = observer;
    }

    @Override
    public Transport name() {
        return Transport.POLLING;
    }

    @Override
    public boolean writable() {
        return pendingGet != null && !closed;
    }

    /** Parks a GET; false when one is already pending (an overlap). */
    boolean park(HttpResponder get) {
        if (pendingGet != null) {
            return false;
        }
        pendingGet = get;
        return true;
    }

    boolean isPending(HttpResponder get) {
        return pendingGet == get;
    }

    boolean hasPendingGet() {
        return pendingGet != null;
    }

    /** Marks a POST as started; false when one already is (an overlap). */
    boolean beginPost() {
        if (postInFlight) {
            return false;
        }
        postInFlight = true;
        return true;
    }

    void endPost() {
        postInFlight = false;
    }

    boolean postInFlight() {
        return postInFlight;
    }

    @Override
    public void write(List<Outbound> batch) {
        EngineObserver obs = observer.get();
        boolean observed = obs != EngineObservers.NONE;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.append('\u001e');
            }
            Outbound o = batch.get(i);
            EnginePacketType type = o.type();
            String text = o.toPollingText();
            if (observed) {
                obs.packetSent(Transport.POLLING, type, ByteBufUtil.utf8Bytes(text));
            }
            body.append(text);
        }
        HttpResponder get = pendingGet;
        pendingGet = null;
        get.payload(body.toString());
    }

    /** Releases the pending GET with a NOOP (during an upgrade). */
    void releaseWithNoop() {
        if (pendingGet != null) {
            HttpResponder get = pendingGet;
            pendingGet = null;
            get.payload("6");
        }
    }

    /**
     * Ends polling as a restarting server would: a pending GET gets the drain's 503 instead of
     * a CLOSE packet (see {@link EngineHttpHandler#refuseDraining}).
     */
    void endForDrain() {
        closed = true;
        if (pendingGet != null) {
            HttpResponder get = pendingGet;
            pendingGet = null;
            EngineHttpHandler.refuseDraining(get, false);
        }
    }

    @Override
    public void close(boolean closePacket) {
        closed = true;
        if (pendingGet != null) {
            HttpResponder get = pendingGet;
            pendingGet = null;
            get.payload(closePacket ? "1" : "6");
        }
    }
}
