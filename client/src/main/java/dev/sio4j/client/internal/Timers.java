// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

/**
 * Schedules a manager's timers (reconnection delays, connect timeout, ack timeouts). The real one
 * runs tasks on the manager's event loop; tests substitute a manual clock.
 *
 * <p>Implementations must be thread-safe and run every task on the manager's event loop.
 */
public interface Timers {

    /** A scheduled task that can still be cancelled. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Runnable task, long delayMillis);

    /** Timers on a Netty event loop. */
    static Timers on(io.netty.util.concurrent.EventExecutor loop) {
        return (task, delay) -> {
            var f = loop.schedule(task, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
