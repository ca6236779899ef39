// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.engine.EngineMessage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broadcast packet prepared once as an {@link EngineMessage} (frames built once, each socket
 * sends retained duplicates), with the volatile flag of its emission. Closing it after the
 * fan-out reports the broadcast once, with how many sessions took it, to the server's
 * observers (nothing is counted per delivery beyond the message's own plain counter).
 *
 * <p>Thread-safe (EngineMessage is); closed once by the adapter that fanned it out.
 */
final class PreparedEngineMessage implements PreparedPacket {

    private final EngineMessage message;
    private final boolean volatile_;
    private final String namespace;
    private final Observers observers;
    private final AtomicBoolean closed = new AtomicBoolean();

    PreparedEngineMessage(EngineMessage message, boolean volatile_, String namespace, Observers observers) {
        this.message = message;
        this.volatile_ = volatile_;
        this.namespace = namespace;
        this.observers = observers;
    }

    EngineMessage message() {
        return message;
    }

    boolean volatile_() {
        return volatile_;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (observers.active()) {
                observers.current().broadcastSent(namespace, message.deliveries());
            }
            message.close();
        }
    }
}
