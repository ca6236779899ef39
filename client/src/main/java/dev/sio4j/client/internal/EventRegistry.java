// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.AnyListener;
import dev.sio4j.client.Listener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one socket or manager, and their dispatch. Registration is thread-safe
 * (copy-on-write); dispatch happens on the owner's event loop. A listener that throws is logged
 * and does not stop the others nor the connection.
 *
 * <p>Thread-safe.
 */
final class EventRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(EventRegistry.class);

    /** A registered listener; {@code key} is what the user passed, for {@code off}. */
    private record Entry(Object key, Listener listener, boolean once) {
    }

    private final Map<String, CopyOnWriteArrayList<Entry>> listeners = new ConcurrentHashMap<>();
    final CopyOnWriteArrayList<AnyListener> any = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<AnyListener> anyOutgoing = new CopyOnWriteArrayList<>();

    void on(String event, Object key, Listener listener, boolean once) {
        listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(new Entry(key, listener, once));
    }

    void off(String event, Object key) {
        List<Entry> list = listeners.get(event);
        if (list != null) {
            for (Entry e : list) {
                if (e.key == key) {
                    list.remove(e);
                    return;
                }
            }
        }
    }

    void off(String event) {
        listeners.remove(event);
    }

    void offAll() {
        listeners.clear();
    }

    boolean has(String event) {
        List<Entry> list = listeners.get(event);
        return list != null && !list.isEmpty();
    }

    /** Calls the listeners of {@code event} in registration order. */
    void emit(String event, Object... args) {
        List<Entry> list = listeners.get(event);
        if (list == null) {
            return;
        }
        for (Entry e : list) {
            if (e.once && !list.remove(e)) {
                continue; // another dispatch already consumed this once-listener
            }
            try {
                e.listener.call(args);
            } catch (RuntimeException ex) {
                LOG.warn("listener of '{}' threw", event, ex);
            }
        }
    }

    static void callAny(List<AnyListener> list, String event, Object[] args) {
        for (AnyListener l : list) {
            try {
                l.call(event, args);
            } catch (RuntimeException ex) {
                LOG.warn("catch-all listener threw on '{}'", event, ex);
            }
        }
    }
}
