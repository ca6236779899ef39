// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one deadline of a socket ({@code Socket.disconnectAt}): at most one timer on the server's
 * timer thread, replaced when the deadline moves and cancelled for good when the socket closes,
 * so that neither many calls nor many sockets leave timers behind. The timer only hands the
 * disconnect to the socket's event loop.
 *
 * <p>Thread-safe: the lock guards the timer and is never held across user code or I/O.
 */
final class DisconnectTimer {

    private final ScheduledExecutorService scheduler;
    private final Executor loop;
    private final Runnable expire;
    private volatile Instant deadline;
    private ScheduledFuture<?> timer;   // guarded by this
    private boolean stopped;            // guarded by this

    DisconnectTimer(ScheduledExecutorService scheduler, Executor loop, Runnable expire) {
        this.scheduler = scheduler;
        this.loop = loop;
        this.expire = expire;
    }

    /** Records the deadline; {@link #arm()} starts the timer once the socket is connected. */
    void set(Instant when) {
        deadline = when;
    }

    boolean isSet() {
        return deadline != null;
    }

    /** (Re)starts the timer for the current deadline, unless the socket closed. */
    synchronized void arm() {
        Instant when = deadline;
        if (stopped || when == null) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay;
        try {
            delay = Math.max(0, Duration.between(Instant.now(), when).toNanos());
        } catch (ArithmeticException e) {
            delay = Long.MAX_VALUE; // centuries away: the timer is there to be cancelled
        }
        try {
            timer = scheduler.schedule(() -> fire(when), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            timer = null; // the server is closing: every socket is being disconnected anyway
        }
    }

    /** The socket closed: no timer from now on. */
    synchronized void cancel() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire(Instant when) {
        synchronized (this) {
            // A deadline moved after this timer started running belongs to the newer timer.
            if (stopped || !when.equals(deadline)) {
                return;
            }
            timer = null;
        }
        try {
            loop.execute(expire);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down, and its connections with it
        }
    }
}
