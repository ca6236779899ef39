// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Many peers opened with a bounded number in flight, as a fleet of clients reconnects after a
 * deploy. Immutable result of {@link #open}.
 *
 * @param peers the peers that became ready, by index
 * @param failures how many did not
 * @param nanos from the first connect to the last peer settled (ready or failed)
 * @param firstFailure why the first failure failed, or null
 */
public record Crowd(List<Peer> peers, int failures, long nanos, String firstFailure) {

    /**
     * Opens {@code n} peers made by {@code factory} with {@code opener} (which picks the
     * connector and the transport), at most {@code concurrency} at a time, and waits for every one
     * to be ready or to fail (each fails by itself after {@link Connector#READY_TIMEOUT}).
     */
    public static Crowd open(int n, int concurrency, IntFunction<Peer> factory,
            Function<Peer, CompletableFuture<Peer>> opener) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<Peer> ready = Collections.synchronizedList(new ArrayList<>(n));
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            Peer peer = factory.apply(i);
            opener.apply(peer).whenComplete((p, e) -> {
                if (e == null) {
                    ready.add(p);
                } else {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.getMessage());
                    peer.close();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        long nanos = System.nanoTime() - start;
        List<Peer> sorted = new ArrayList<>(ready);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Crowd(List.copyOf(sorted), failures.get(), nanos, firstFailure.get());
    }

    /** Closes every peer. */
    public void close() {
        peers.forEach(Peer::close);
    }
}
