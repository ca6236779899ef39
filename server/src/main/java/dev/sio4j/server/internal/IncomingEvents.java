// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.SocketMiddleware;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The path of one incoming EVENT through a socket's user code, in socket.io's order: the
 * catch-all listeners, then the per-socket middlewares ({@code socket.use}), then the event's
 * listeners if the socket is still connected. A middleware failure drops the event and is
 * reported as an error.
 *
 * <p>Thread-safe: middlewares may be added from any thread (under this object's lock, into a
 * fresh immutable list); {@link #deliver} runs on the socket's listener executor.
 */
final class IncomingEvents {

    private final Listeners listeners;
    private final Consumer<Runnable> runUser;
    private final Consumer<Throwable> onError;
    private final BooleanSupplier live;
    /** An immutable snapshot, replaced under this object's lock: no list per socket until one is added. */
    private volatile List<SocketMiddleware> middlewares = List.of();

    /**
     * @param runUser queues a task on the socket's listener executor
     * @param onError receives failures of user code
     * @param live    whether the socket is still connected (listeners are skipped once it is not)
     */
    IncomingEvents(Listeners listeners, Consumer<Runnable> runUser, Consumer<Throwable> onError, BooleanSupplier live) {
        this.listeners = listeners;
        this.runUser = runUser;
        this.onError = onError;
        this.live = live;
    }

    void use(SocketMiddleware middleware) {
        Objects.requireNonNull(middleware, "middleware");
        synchronized (this) {
            List<SocketMiddleware> next = new java.util.ArrayList<>(middlewares);
            next.add(middleware);
            middlewares = List.copyOf(next);
        }
    }

    /**
     * Delivers {@code event} with {@code args} and its ack now; the caller runs on the socket's
     * listener executor, in its turn (see {@link UserCalls#runSoon}).
     */
    void deliver(String event, List<JsonNode> args, Ack ack) {
        Listeners.callAny(listeners.anyIncoming(), event, args, onError);
        if (middlewares.isEmpty()) {
            // No socket middleware (the usual case): straight to the listeners, no closure made.
            if (live.getAsBoolean()) {
                listeners.emit(event, args, ack, onError);
            }
            return;
        }
        runMiddlewares(0, event, args, () -> {
            if (live.getAsBoolean()) {
                listeners.emit(event, args, ack, onError);
            }
        });
    }

    private void runMiddlewares(int index, String event, List<JsonNode> args, Runnable done) {
        List<SocketMiddleware> all = middlewares;
        if (index >= all.size()) {
            done.run();
            return;
        }
        AtomicBoolean called = new AtomicBoolean();
        SocketMiddleware m = all.get(index);
        try {
            m.handle(event, args, new SocketMiddleware.Next() {
                @Override
                public void proceed() {
                    if (called.compareAndSet(false, true)) {
                        runUser.accept(() -> runMiddlewares(index + 1, event, args, done));
                    }
                }

                @Override
                public void fail(Exception error) {
                    if (called.compareAndSet(false, true)) {
                        runUser.accept(() -> onError.accept(error));
                    }
                }
            });
        } catch (RuntimeException e) {
            if (called.compareAndSet(false, true)) {
                onError.accept(e);
            }
        }
    }
}
