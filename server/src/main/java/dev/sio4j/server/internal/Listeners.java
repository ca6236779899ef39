// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The listeners of one socket: per event (each kept with the object the user registered, for
 * {@code off}), catch-all incoming and outgoing, and error listeners. Registration may happen on
 * any thread; calls happen on the socket's listener executor.
 *
 * <p>Memory: an idle server holds thousands of sockets whose catch-all and error lists stay empty
 * for life, so nothing here is made per socket before it is used. Every collection is an
 * immutable snapshot in a volatile field, starting as the shared empty {@code List.of()} /
 * {@code Map.of()}, and replaced whole on each change (registrations are rare, calls are many).
 *
 * <p>Thread-safe: changes are made under this object's lock (so concurrent registrations are not
 * lost), reads take the current snapshot without locking.
 */
final class Listeners {

    /** A registered listener: the user's object, the invoker adapting it, and once-ness. */
    record Registration(Object user, EventListener invoker, boolean once) {
    }

    /**
     * Per event, its registrations in order: one {@link Registration} alone (the common case: a
     * socket listens once to each event), or an immutable {@code List<Registration>} of two or
     * more. An immutable snapshot, replaced under the lock.
     */
    private volatile Map<String, Object> byEvent = Map.of();
    private volatile List<AnyListener> anyIncoming = List.of();
    private volatile List<AnyListener> anyOutgoing = List.of();
    private volatile List<Consumer<Throwable>> errors = List.of();
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
        Registration r = new Registration(user, invoker, once);
        synchronized (this) {
            putEvent(event, with(registrations(event), r, false));
        }
    }

    void remove(String event, Object user) {
        synchronized (this) {
            List<Registration> list = registrations(event);
            for (Registration r : list) {
                if (r.user() == user) {
                    putEvent(event, without(list, r));
                    return;
                }
            }
        }
    }

    void removeAll(String event) {
        synchronized (this) {
            if (byEvent.containsKey(event)) {
                putEvent(event, List.of());
            }
        }
    }

    /** Takes once-listener {@code r} off {@code event}; false when another call already did. */
    private boolean takeOnce(String event, Registration r) {
        synchronized (this) {
            List<Registration> list = registrations(event);
            if (!containsSame(list, r)) {
                return false;
            }
            putEvent(event, without(list, r));
            return true;
        }
    }

    /** Replaces the registrations of {@code event} (none: the entry goes); holds the lock. */
    private void putEvent(String event, List<Registration> list) {
        Map<String, Object> next = new HashMap<>(byEvent);
        if (list.isEmpty()) {
            next.remove(event);
        } else {
            next.put(event, list.size() == 1 ? list.get(0) : list);
        }
        byEvent = Map.copyOf(next);
    }

    /** The registrations of {@code event} now, as a list. */
    @SuppressWarnings("unchecked")
    private List<Registration> registrations(String event) {
        Object v = byEvent.get(event);
        if (v == null) {
            return List.of();
        }
        return v instanceof Registration r ? List.of(r) : (List<Registration>) v;
    }

    List<String> eventNames() {
        return new ArrayList<>(byEvent.keySet());
    }

    // ---- catch-all and error listeners ----

    /** The incoming catch-all listeners now; an immutable snapshot. */
    List<AnyListener> anyIncoming() {
        return anyIncoming;
    }

    /** The outgoing catch-all listeners now; an immutable snapshot. */
    List<AnyListener> anyOutgoing() {
        return anyOutgoing;
    }

    /** The error listeners now; an immutable snapshot. */
    List<Consumer<Throwable>> errors() {
        return errors;
    }

    void addAnyIncoming(AnyListener l, boolean first) {
        synchronized (this) {
            anyIncoming = with(anyIncoming, l, first);
        }
    }

    void removeAnyIncoming(AnyListener l) {
        synchronized (this) {
            anyIncoming = withoutEqual(anyIncoming, l);
        }
    }

    void clearAnyIncoming() {
        anyIncoming = List.of();
    }

    void addAnyOutgoing(AnyListener l, boolean first) {
        synchronized (this) {
            anyOutgoing = with(anyOutgoing, l, first);
        }
    }

    void removeAnyOutgoing(AnyListener l) {
        synchronized (this) {
            anyOutgoing = withoutEqual(anyOutgoing, l);
        }
    }

    void clearAnyOutgoing() {
        anyOutgoing = List.of();
    }

    void addError(Consumer<Throwable> l) {
        synchronized (this) {
            errors = with(errors, l, false);
        }
    }

    /**
     * Calls the listeners of {@code event}; returns how many ran. Exceptions go to
     * {@code onError} and do not stop the others.
     */
    @SuppressWarnings("unchecked")
    int emit(String event, List<JsonNode> args, Ack ack, Consumer<Throwable> onError) {
        Object v = byEvent.get(event);
        if (v == null) {
            return 0;
        }
        Observers obs = observers;
        long start = obs != null && obs.active() ? System.nanoTime() : 0;
        int n = 0;
        if (v instanceof Registration r) {
            n += call(event, r, args, ack, onError);
        } else {
            for (Registration r : (List<Registration>) v) {
                n += call(event, r, args, ack, onError);
            }
        }
        if (start != 0) {
            obs.current().listenersRan(namespace, System.nanoTime() - start);
        }
        return n;
    }

    /** Calls {@code r} unless it is a once-listener another call took first; 1 if it ran. */
    private int call(String event, Registration r, List<JsonNode> args, Ack ack, Consumer<Throwable> onError) {
        if (r.once() && !takeOnce(event, r)) {
            return 0;
        }
        try {
            r.invoker().call(args, ack);
        } catch (RuntimeException e) {
            onError.accept(e);
        }
        return 1;
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

    // ---- immutable list edits (small lists: a copy per change is cheaper than a concurrent list per socket) ----

    private static <T> List<T> with(List<T> list, T item, boolean first) {
        List<T> next = new ArrayList<>(list.size() + 1);
        if (first) {
            next.add(item);
            next.addAll(list);
        } else {
            next.addAll(list);
            next.add(item);
        }
        return List.copyOf(next);
    }

    /** {@code list} without its first element identical to {@code item}. */
    private static <T> List<T> without(List<T> list, T item) {
        List<T> next = new ArrayList<>(list);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i) == item) {
                next.remove(i);
                break;
            }
        }
        return List.copyOf(next);
    }

    /** {@code list} without its first element equal to {@code item} (as {@code List.remove(Object)}). */
    private static <T> List<T> withoutEqual(List<T> list, T item) {
        if (item == null || !list.contains(item)) {
            return list;
        }
        List<T> next = new ArrayList<>(list);
        next.remove(item);
        return List.copyOf(next);
    }

    private static boolean containsSame(List<?> list, Object item) {
        for (Object o : list) {
            if (o == item) {
                return true;
            }
        }
        return false;
    }
}
