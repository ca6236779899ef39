// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listeners of one socket: per event (each kept with the object the user registered, for
 * {@code off}), catch-all incoming and outgoing, and error listeners. Registration may happen on
 * any thread; calls happen on the socket's listener executor.
 *
 * <p>Memory: an idle server holds thousands of sockets whose catch-all and error lists stay empty
 * for life, so nothing here is made per socket before it is used. Every collection is an
 * immutable snapshot in a volatile field, starting as the shared empty {@code List.of()} /
 * {@link EventTable#EMPTY}, and replaced whole on each change (registrations are rare, calls are
 * many).
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
     * more. A lone raw listener registered as itself and not once is kept bare, as the
     * {@link EventListener} (no Registration around it: the chat's sockets keep several each for
     * life). An immutable snapshot, replaced under the lock.
     */
    private volatile EventTable byEvent = EventTable.EMPTY;
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
        synchronized (this) {
            Object v = byEvent.get(event);
            if (v == null) {
                // The first listener of an event (nearly every registration) is stored as it is.
                boolean bare = user == invoker && !once && !(invoker instanceof List);
                byEvent = byEvent.with(event, bare ? invoker : new Registration(user, invoker, once));
            } else {
                byEvent = byEvent.with(event, with(registrations(event), new Registration(user, invoker, once), false));
            }
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
            if (byEvent.get(event) != null) {
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
        byEvent = byEvent.with(event, list.isEmpty() ? null : list.size() == 1 ? list.get(0) : list);
    }

    /** The registrations of {@code event} now, as a list. */
    @SuppressWarnings("unchecked")
    private List<Registration> registrations(String event) {
        Object v = byEvent.get(event);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Registration r) {
            return List.of(r);
        }
        if (v instanceof List<?> list) {
            return (List<Registration>) list;
        }
        EventListener bare = (EventListener) v;
        return List.of(new Registration(bare, bare, false));
    }

    List<String> eventNames() {
        return byEvent.keys();
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
        } else if (v instanceof EventListener bare) {
            try {
                bare.call(args, ack);
            } catch (RuntimeException e) {
                onError.accept(e);
            }
            n = 1;
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

    /**
     * The per-event snapshot: an immutable map from event name to its registrations (a
     * {@link Registration} or a list of two or more), open addressing over one array of
     * alternating names and values. Why not {@code Map.copyOf} of a {@code HashMap}: a socket
     * registers its listeners one by one on connect (the chat about nine), and copying through a
     * HashMap into a new immutable map on each was a visible share of what a connection's setup
     * allocates; here a registration clones one small array, and the snapshot kept for the
     * socket's life is that array alone.
     */
    static final class EventTable {

        static final EventTable EMPTY = new EventTable(new Object[0], 0);
        private static final int MIN_CAPACITY = 8;

        /** {@code [name0, value0, name1, value1, ...]}; the capacity (half the length) a power of two, see {@link #fits}. */
        private final Object[] slots;
        private final int size;

        private EventTable(Object[] slots, int size) {
            this.slots = slots;
            this.size = size;
        }

        /** The value of {@code event}, or null. */
        Object get(String event) {
            if (size == 0 || event == null) {
                return null;
            }
            int mask = (slots.length >> 1) - 1;
            for (int i = index(event, mask); ; i = (i + 1) & mask) {
                Object k = slots[i << 1];
                if (k == null) {
                    return null;
                }
                if (k.equals(event)) {
                    return slots[(i << 1) + 1];
                }
            }
        }

        /** A table with {@code event} mapped to {@code value}, or without it when {@code value} is null. */
        EventTable with(String event, Object value) {
            boolean present = get(event) != null;
            if (value == null) {
                return present ? rebuilt(size - 1, event, null) : this;
            }
            if (present) {
                Object[] next = slots.clone();
                next[slotOf(next, event) + 1] = value;
                return new EventTable(next, size);
            }
            if (fits(size + 1, slots.length >> 1)) {
                Object[] next = slots.clone();
                insert(next, event, value);
                return new EventTable(next, size + 1);
            }
            return rebuilt(size + 1, event, value);
        }

        /** The names, in table order (unspecified, as a HashMap's keys were). */
        List<String> keys() {
            List<String> out = new ArrayList<>(size);
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != null) {
                    out.add((String) slots[i]);
                }
            }
            return out;
        }

        /** A new table of {@code newSize} entries: these without {@code event}, plus it when {@code value} is non-null. */
        private EventTable rebuilt(int newSize, String event, Object value) {
            if (newSize == 0) {
                return EMPTY;
            }
            int capacity = MIN_CAPACITY;
            while (!fits(newSize, capacity)) {
                capacity <<= 1;
            }
            Object[] next = new Object[capacity << 1];
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != null && !slots[i].equals(event)) {
                    insert(next, (String) slots[i], slots[i + 1]);
                }
            }
            if (value != null) {
                insert(next, event, value);
            }
            return new EventTable(next, newSize);
        }

        /**
         * Whether {@code entries} fit in {@code capacity} slots, one always left free. Up to 7 in
         * the smallest table (8 slots): a socket's few events then take one table made once and
         * cloned per registration, and a miss scans at most 7 names; larger tables stay 3/4 full
         * so probes stay short.
         */
        private static boolean fits(int entries, int capacity) {
            return capacity <= MIN_CAPACITY ? entries < capacity : entries * 4 <= capacity * 3;
        }

        private static int index(String event, int mask) {
            int h = event.hashCode();
            return (h ^ (h >>> 16)) & mask;
        }

        /** Puts a name not yet in {@code table}, which has a free slot. */
        private static void insert(Object[] table, String event, Object value) {
            int mask = (table.length >> 1) - 1;
            int i = index(event, mask);
            while (table[i << 1] != null) {
                i = (i + 1) & mask;
            }
            table[i << 1] = event;
            table[(i << 1) + 1] = value;
        }

        /** The array index of the name {@code event}, which {@code table} holds. */
        private static int slotOf(Object[] table, String event) {
            int mask = (table.length >> 1) - 1;
            int i = index(event, mask);
            while (!event.equals(table[i << 1])) {
                i = (i + 1) & mask;
            }
            return i << 1;
        }
    }
}
