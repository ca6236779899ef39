// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one socket: per event (each kept with the object the user registered, for
 * {@code off}), catch-all incoming and outgoing, and error listeners. Registration may happen on
 * any thread; calls happen on the socket's listener executor.
 *
 * <p>Thread-safe.
 */
final class Listeners {

    /** A registered listener: the user's object, the invoker adapting it, and once-ness. */
    record Registration(Object user, EventListener invoker, boolean once) {
    }

    private final Map<String, CopyOnWriteArrayList<Registration>> byEvent = new ConcurrentHashMap<>();
    final CopyOnWriteArrayList<AnyListener> anyIncoming = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<AnyListener> anyOutgoing = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<Consumer<Throwable>> errors = new CopyOnWriteArrayList<>();
    // Set once right after the socket is made, before it is shared; null in unit tests.
    private volatile String namespace;
    private volatile Observers observers;

    /** Reports the time of each {@link #emit} to {@code observers} under {@code namespace}. */
    void observe(String namespace, Observers observers) {
        this.namespace = namespace;
        this.observers = observers;
    }

    void add(String event, Object user, EventListener invoker, boolean once) {
        java.util.Objects.requireNonNull(event, "event");
        java.util.Objects.requireNonNull(user, "listener");
        byEvent.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(new Registration(user, invoker, once));
    }

    void remove(String event, Object user) {
        CopyOnWriteArrayList<Registration> list = byEvent.get(event);
        if (list != null) {
            for (Registration r : list) {
                if (r.user() == user) {
                    list.remove(r);
                    break;
                }
            }
        }
    }

    void removeAll(String event) {
        byEvent.remove(event);
    }

    List<String> eventNames() {
        List<String> out = new ArrayList<>();
        byEvent.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * Calls the listeners of {@code event}; returns how many ran. Exceptions go to
     * {@code onError} and do not stop the others.
     */
    int emit(String event, List<JsonNode> args, Ack ack, Consumer<Throwable> onError) {
        CopyOnWriteArrayList<Registration> list = byEvent.get(event);
        if (list == null || list.isEmpty()) {
            return 0;
        }
        Observers obs = observers;
        long start = obs != null && obs.active() ? System.nanoTime() : 0;
        int n = 0;
        for (Registration r : list) {
            if (r.once() && !list.remove(r)) {
                continue;
            }
            n++;
            try {
                r.invoker().call(args, ack);
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        }
        if (start != 0) {
            obs.current().listenersRan(namespace, System.nanoTime() - start);
        }
        return n;
    }

    static void callAny(List<AnyListener> list, String event, List<JsonNode> args, Consumer<Throwable> onError) {
        for (AnyListener l : list) {
            try {
                l.call(event, args);
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        }
    }
}
