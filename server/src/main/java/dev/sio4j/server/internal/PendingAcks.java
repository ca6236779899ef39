// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.AckCallback;
import dev.sio4j.protocol.AckException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The acknowledgements one socket waits for, by ack id, with their timers. An answer, a timeout
 * or the disconnect removes an entry, so the map never outgrows what is really pending; ACKs
 * with unknown or already used ids are ignored.
 *
 * <p>Thread-safe: the map is made on the first {@link #register} (from any thread) with a
 * compare-and-set, so concurrent first registrations share one map. Callbacks run through the
 * socket's listener executor.
 */
final class PendingAcks {

    /** {@code sentNanos}: when the emit was registered, 0 when nobody measures. */
    private record Pending(AckCallback callback, ScheduledFuture<?> timer, boolean silentOnFailure, long sentNanos) {
    }

    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(PendingAcks.class, "pending", ConcurrentHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null until the first ack is awaited: most sockets never wait for one. Set once, by CAS. */
    private volatile ConcurrentHashMap<Long, Pending> pending;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> runUser;
    // Set once right after construction, before the socket is shared; null in unit tests.
    private volatile String namespace;
    private volatile Observers observers;

    PendingAcks(ScheduledExecutorService timers, Consumer<Runnable> runUser) {
        this.timers = timers;
        this.runUser = runUser;
    }

    /** Reports round trips and timeouts to {@code observers} under {@code namespace}. */
    void observe(String namespace, Observers observers) {
        this.namespace = namespace;
        this.observers = observers;
    }

    /** Waits for ack {@code id}; with a timeout the callback gets {@link AckException}. */
    void register(long id, AckCallback callback, Duration timeout, boolean silentOnFailure) {
        Map<Long, Pending> pending = map();
        ScheduledFuture<?> timer = null;
        if (timeout != null) {
            timer = timers.schedule(() -> {
                Pending p = pending.remove(id);
                Observers obs = observers;
                if (p != null && obs != null) {
                    obs.current().ackTimedOut(namespace);
                }
                if (p != null && !p.silentOnFailure()) {
                    runUser.accept(() -> p.callback().onAck(AckException.timeout(List.of()), List.of()));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        Observers obs = observers;
        long sent = obs != null && obs.active() ? System.nanoTime() : 0;
        pending.put(id, new Pending(callback, timer, silentOnFailure, sent));
    }

    /** An ACK arrived. */
    void onAck(long id, List<JsonNode> args) {
        Map<Long, Pending> pending = this.pending;
        Pending p = pending == null ? null : pending.remove(id);
        if (p == null) {
            return;
        }
        if (p.timer() != null) {
            p.timer().cancel(false);
        }
        Observers obs = observers;
        if (p.sentNanos() != 0 && obs != null) {
            obs.current().ackReceived(namespace, System.nanoTime() - p.sentNanos());
        }
        runUser.accept(() -> p.callback().onAck(null, args));
    }

    /** The socket disconnected: every pending ack fails (broadcast ones silently). */
    void failAll(String reason) {
        Map<Long, Pending> pending = this.pending;
        if (pending == null) {
            return;
        }
        for (Long id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p == null) {
                continue;
            }
            if (p.timer() != null) {
                p.timer().cancel(false);
            }
            if (!p.silentOnFailure()) {
                runUser.accept(() -> p.callback().onAck(AckException.disconnected(reason), List.of()));
            }
        }
    }

    int size() {
        Map<Long, Pending> pending = this.pending;
        return pending == null ? 0 : pending.size();
    }

    /** The map, made now if no ack was awaited before. */
    private Map<Long, Pending> map() {
        ConcurrentHashMap<Long, Pending> map = pending;
        if (map == null) {
            ConcurrentHashMap<Long, Pending> fresh = new ConcurrentHashMap<>();
            map = PENDING.compareAndSet(this, null, fresh) ? fresh : pending;
        }
        return map;
    }
}
