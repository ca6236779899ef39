// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.ProtocolStateException;
import dev.sio4j.server.SocketLimitException;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where one socket's user code runs and where its failures go: {@link #run} queues a task on the
 * socket's listener executor (the connection's event loop, or a {@link SerialExecutor} over the
 * server's {@code listenerExecutor}), so that the socket's listeners run one at a time and in
 * order; {@link #report} hands a failure to the socket's error listeners (socket.io's "error"
 * event). Every other part of the socket reaches user code through this one, and this one calls
 * nothing of theirs.
 *
 * <p>Thread-safe: {@link #run} and {@link #report} may be called from any thread; tasks run on
 * the listener executor ({@link #runSoon} runs one in the caller when the caller is that
 * executor's event loop and nothing of this socket's is queued there).
 */
final class UserCalls {

    // Named after the socket, whose failures these are: log configurations refer to that name.
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private static final AtomicIntegerFieldUpdater<UserCalls> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(UserCalls.class, "queued");

    private final Executor executor;
    /** The executor when it is the connection's event loop, else null: only then may a task run inline. */
    private final EventExecutor loop;
    /** Tasks handed to the executor and not yet finished (a field updater: no object per socket). */
    private volatile int queued;
    private final Supplier<List<Consumer<Throwable>>> errorListeners;
    private final String socketId;
    private final String namespace;

    /**
     * @param executor       the socket's listener executor; must run tasks one at a time, in order
     * @param errorListeners the socket's error listeners now, asked at each report (registration may go on)
     * @param socketId       for log lines only
     * @param namespace      for log lines only
     */
    UserCalls(Executor executor, Supplier<List<Consumer<Throwable>>> errorListeners, String socketId, String namespace) {
        this.executor = executor;
        this.loop = executor instanceof EventExecutor e ? e : null;
        this.errorListeners = errorListeners;
        this.socketId = socketId;
        this.namespace = namespace;
    }

    /** Queues {@code task}; what it throws is reported, not lost and not thrown on the executor. */
    void run(Runnable task) {
        QUEUED.incrementAndGet(this);
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    report(e);
                } finally {
                    QUEUED.decrementAndGet(this);
                }
            });
        } catch (RuntimeException e) {
            QUEUED.decrementAndGet(this); // refused (a loop shutting down): it will never run
            throw e;
        }
    }

    /**
     * Runs {@code task} here and now when that keeps the order of {@link #run}: listeners run on
     * the connection's loop, the caller is on it, and none of this socket's tasks is queued;
     * otherwise queues it as {@link #run} does. For what a peer's packet starts, called by the
     * packet's own path and never from user code, so a listener is never entered from inside
     * another: an incoming event reaches its listener without a task hand-off.
     */
    void runSoon(Runnable task) {
        if (loop != null && queued == 0 && loop.inEventLoop()) {
            try {
                task.run();
            } catch (RuntimeException e) {
                report(e);
            }
        } else {
            run(task);
        }
    }

    /**
     * Hands {@code t} to the error listeners, here and now. Without any, client caused errors are
     * logged at debug (a client must not be able to fill the logs) and failures of user code at
     * warn.
     */
    void report(Throwable t) {
        List<Consumer<Throwable>> listeners = errorListeners.get();
        if (listeners.isEmpty()) {
            // A client over its limits is client-caused too: a flood must not become a flood of warnings.
            if (t instanceof EventArgumentException || t instanceof ProtocolException || t instanceof ProtocolStateException
                    || t instanceof SocketLimitException) {
                log.debug("socket {} on {}: {}", socketId, namespace, t.toString());
            } else {
                log.warn("unhandled error in a listener of socket {} on {}", socketId, namespace, t);
            }
            return;
        }
        for (Consumer<Throwable> l : listeners) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                log.warn("error listener failed", e);
            }
        }
    }
}
