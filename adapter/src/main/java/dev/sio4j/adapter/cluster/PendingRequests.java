// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A {@link ClusterAdapter}'s requests waiting for one answer from each other node: registered
 * under their id, completed when the last answer arrives, failed with
 * {@link ClusterTimeoutException} when time runs out, counted for {@link ClusterStats}.
 *
 * <p>Thread-safe: answers come from transport threads, timeouts from the scheduler.
 */
final class PendingRequests {

    private final ScheduledExecutorService scheduler;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongAdder count = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    PendingRequests(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Registers request {@code requestId} expecting {@code expected} answers (positive), sends it
     * with {@code send} and completes with {@code initial} plus every item answered.
     */
    <T> CompletableFuture<List<T>> start(String requestId, int expected, Duration timeout, List<T> initial,
                                         Function<String, CompletableFuture<?>> send) {
        count.increment();
        Pending p = new Pending(expected, initial);
        pending.put(requestId, p);
        p.timer = scheduler.schedule(() -> expire(requestId), timeout.toMillis(), TimeUnit.MILLISECONDS);
        send.apply(requestId).whenComplete((ok, err) -> {
            if (err != null && pending.remove(requestId, p)) {
                cancel(p.timer);
                p.future.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                        ? err.getCause() : err);
            }
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<List<T>> result = (CompletableFuture<List<T>>) (CompletableFuture<?>) p.future;
        return result;
    }

    boolean isPending(String requestId) {
        return requestId != null && pending.containsKey(requestId);
    }

    /** One node's answer ({@code items}, possibly none) to {@code requestId}; unknown ids are ignored. */
    void answer(String requestId, Collection<?> items) {
        Pending p = requestId == null ? null : pending.get(requestId);
        if (p == null) {
            return;
        }
        List<Object> done = p.add(items);
        if (done != null && pending.remove(requestId, p)) {
            cancel(p.timer);
            nanos.add(System.nanoTime() - p.startNanos);
            p.future.complete(done);
        }
    }

    /** Fails every request still waiting with {@code error} (the adapter closed). */
    void failAll(Throwable error) {
        pending.keySet().forEach(id -> {
            Pending p = pending.remove(id);
            if (p != null) {
                cancel(p.timer);
                p.future.completeExceptionally(error);
            }
        });
    }

    long count() {
        return count.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long nanos() {
        return nanos.sum();
    }

    private void expire(String requestId) {
        Pending p = pending.remove(requestId);
        if (p != null) {
            timeouts.increment();
            p.future.completeExceptionally(p.timeout());
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** A request waiting for one answer per other node. Thread-safe (its own monitor). */
    private static final class Pending {
        final CompletableFuture<List<Object>> future = new CompletableFuture<>();
        final long startNanos = System.nanoTime();
        final int expected;
        final List<Object> responses;
        int answered;
        volatile ScheduledFuture<?> timer;

        Pending(int expected, List<?> initial) {
            this.expected = expected;
            this.responses = new ArrayList<>(initial);
        }

        /** Adds one node's answer; returns the complete result when it was the last one, else null. */
        synchronized List<Object> add(Collection<?> items) {
            if (answered >= expected) {
                return null;
            }
            responses.addAll(items);
            answered++;
            return answered == expected ? List.copyOf(responses) : null;
        }

        synchronized ClusterTimeoutException timeout() {
            return new ClusterTimeoutException(answered, expected, responses);
        }
    }
}
