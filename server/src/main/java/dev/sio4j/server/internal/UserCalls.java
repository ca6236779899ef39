// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.ProtocolStateException;
import dev.sio4j.server.SocketLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
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
 * the listener executor.
 */
final class UserCalls {

    // Named after the socket, whose failures these are: log configurations refer to that name.
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private final Executor executor;
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
        this.errorListeners = errorListeners;
        this.socketId = socketId;
        this.namespace = namespace;
    }

    /** Queues {@code task}; what it throws is reported, not lost and not thrown on the executor. */
    void run(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                report(e);
            }
        });
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
