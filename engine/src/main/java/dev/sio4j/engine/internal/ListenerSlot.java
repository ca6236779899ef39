// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineSocket.Listener;
import dev.sio4j.engine.Transport;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's listener, and the messages that arrived before one was set (kept up to a cap
 * and handed over when it is). Calls are shielded: a listener that throws is logged and the
 * session goes on. {@code onClose} is called at most once, and nothing after it. Confined to
 * the session's event loop.
 */
final class ListenerSlot {

    private static final Logger log = LoggerFactory.getLogger(ListenerSlot.class);

    private final int maxBacklog;
    private Listener listener;
    private List<Object> backlog;
    private boolean closed;

    ListenerSlot(int maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    /** Sets the listener and delivers the backlog to it, in order. */
    void set(Listener newListener) {
        if (closed) {
            return;
        }
        listener = newListener;
        if (backlog != null) {
            List<Object> pending = backlog;
            backlog = null;
            pending.forEach(this::message);
        }
    }

    /**
     * Delivers a text ({@code String}) or binary ({@code byte[]}) message, or keeps it until a
     * listener is set.
     *
     * @return false when it had to be kept and the backlog is full
     */
    boolean message(Object message) {
        Listener l = listener;
        if (l == null) {
            if (backlog == null) {
                backlog = new ArrayList<>();
            }
            if (backlog.size() >= maxBacklog) {
                return false;
            }
            backlog.add(message);
            return true;
        }
        if (message instanceof String s) {
            safely(() -> l.onMessage(s));
        } else {
            byte[] b = (byte[]) message;
            safely(() -> l.onBinary(b));
        }
        return true;
    }

    void drained() {
        Listener l = listener;
        if (l != null) {
            safely(l::onDrain);
        }
    }

    void heartbeat() {
        Listener l = listener;
        if (l != null) {
            safely(l::onHeartbeat);
        }
    }

    void upgraded(Transport transport) {
        Listener l = listener;
        if (l != null) {
            safely(() -> l.onUpgrade(transport));
        }
    }

    /** Reports the close once and forgets the listener and the backlog. */
    void closed(CloseReason reason, String description) {
        if (closed) {
            return;
        }
        closed = true;
        Listener l = listener;
        listener = null;
        backlog = null;
        if (l != null) {
            safely(() -> l.onClose(reason, description));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            log.warn("EngineSocket listener threw; the session continues", e);
        }
    }
}
