// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (e.g. virtual threads),
 * so that one socket's listeners never run concurrently or out of order.
 *
 * <p>Thread-safe.
 */
final class SerialExecutor implements Executor {

    /** Set while a task runs, so that a blocking close() can tell it is called from a listener. */
    private static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();

    private final Executor delegate;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        delegate.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            RUNNING.set(Boolean.TRUE);
            try {
                next.run();
            } finally {
                RUNNING.remove();
            }
        }
    }

    /** Whether the calling thread runs a task of a serial executor (a listener) now. */
    static boolean runningTask() {
        return RUNNING.get() != null;
    }
}
