// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A graceful drain ({@link dev.sio4j.server.SocketIoServer#shutdown(Duration)}): the engine stops
 * accepting sessions (503), then, in rounds, every connection with no ack in flight either way
 * is ended: its sockets disconnect with "server shutting down" (persisted for connection state
 * recovery first, as in close()), what is queued is written, and the transport ends the way a
 * restarting server's would, so the client reconnects, to another node behind a load balancer.
 * Once every session is gone, or at the deadline, the server closes.
 *
 * <p>Rounds rather than a callback per ack: a drain is rare and short, and a look at each
 * remaining connection every {@link #ROUND} costs less than hooks on every ack path.
 *
 * <p>Thread-safe; rounds run on the server's timer, the checks on each connection's event loop.
 */
final class Drain {

    /** How often the remaining connections are looked at. */
    static final Duration ROUND = Duration.ofMillis(50);

    private final ServerCore server;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Set<ConnectionImpl> ending = ConcurrentHashMap.newKeySet();
    private volatile long deadlineNanos;

    Drain(ServerCore server) {
        this.server = server;
    }

    CompletableFuture<Void> start(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must not be negative: " + deadline);
        }
        if (!started.compareAndSet(false, true)) {
            return done;
        }
        if (server.closeStarted()) {
            server.close().whenComplete((v, e) -> done.complete(null));
            return done;
        }
        server.engine().stopAccepting();
        deadlineNanos = System.nanoTime() + Math.min(deadline.toNanos(), Long.MAX_VALUE / 4);
        next(0);
        return done;
    }

    private void next(long delayMillis) {
        try {
            server.scheduler().schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(); // close() ran meanwhile and stopped the timer
        }
    }

    private void round() {
        if (done.isDone()) {
            return;
        }
        boolean late = System.nanoTime() - deadlineNanos >= 0;
        var clients = server.clients();
        // Sessions the engine still knows include polling ones whose client has yet to collect
        // what was queued for it: the drain waits for those too, up to the deadline.
        if (late || server.closeStarted() || (clients.isEmpty() && server.engine().trackedSessions() == 0)) {
            finish();
            return;
        }
        for (ConnectionImpl c : clients) {
            if (ending.contains(c)) {
                continue;
            }
            try {
                c.loop().execute(() -> {
                    if (c.quiet() && ending.add(c)) {
                        // Sockets first, as in close(): a recovery session is stored before the
                        // client can reconnect elsewhere; then the transport.
                        c.shutDown().whenComplete((v, e) -> server.engine().endForDrain(c.conn()));
                    }
                });
            } catch (RejectedExecutionException e) {
                // its loop is gone, and the session with it
            }
        }
        next(ROUND.toMillis());
    }

    /** The rest closes as close() does; the engine ends what is left the drain's way. */
    private void finish() {
        server.close().whenComplete((v, e) -> {
            ending.clear();
            done.complete(null);
        });
    }
}
