// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.ClientOptions;

/**
 * Reconnection with exponential backoff (socket.io-client's {@code reconnect()}): schedules one
 * attempt at a time, counts attempts, reports {@code reconnect_attempt}, {@code reconnect},
 * {@code reconnect_error} and {@code reconnect_failed}, and stops for good once the manager is
 * closed on purpose.
 *
 * <p>Confined to the manager's event loop ({@link #active()} may be read from any thread).
 */
final class Reconnector {

    /** Opens a connection and reports its outcome (null on success); the manager's {@code open}. */
    interface Opener {
        void open(ManagerSession.OpenCallback callback);
    }

    private final ClientOptions options;
    private final Backoff backoff;
    private final EventRegistry events;
    private final ManagerLoop loop;
    private final Opener opener;
    private boolean stopped;
    private volatile boolean reconnecting;
    private Timers.Cancellable timer;

    Reconnector(ClientOptions options, Backoff backoff, EventRegistry events, ManagerLoop loop, Opener opener) {
        this.options = options;
        this.backoff = backoff;
        this.events = events;
        this.loop = loop;
        this.opener = opener;
    }

    /** Whether an attempt is scheduled or under way. */
    boolean active() {
        return reconnecting;
    }

    /** Whether the manager was closed on purpose (no attempt until the next open). */
    boolean stopped() {
        return stopped;
    }

    /** An open was asked for: reconnection is allowed again. */
    void allow() {
        stopped = false;
    }

    /** A live connection was lost: count attempts afresh and try again, unless closed on purpose. */
    void onConnectionLost() {
        backoff.reset();
    }

    /** After the loss was reported to the listeners: the first attempt, if reconnection is on. */
    void afterConnectionLost() {
        if (options.reconnection() && !stopped) {
            schedule();
        }
    }

    /** An open that no attempt started (the first connect) failed: start reconnecting. */
    void onInitialOpenFailed() {
        if (!reconnecting && options.reconnection() && backoff.attempts() == 0) {
            schedule();
        }
    }

    /** Closed on purpose: no more attempts; a later open counts its attempts afresh (as JS). */
    void stop() {
        stopped = true;
        reconnecting = false;
        backoff.reset();
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void schedule() {
        if (reconnecting || stopped) {
            return;
        }
        if (backoff.attempts() >= options.reconnectionAttempts()) {
            backoff.reset();
            reconnecting = false;
            events.emit("reconnect_failed");
            return;
        }
        long delay = backoff.duration();
        reconnecting = true;
        timer = loop.timers().schedule(this::attempt, delay);
    }

    private void attempt() {
        timer = null;
        if (stopped) {
            return;
        }
        events.emit("reconnect_attempt", backoff.attempts());
        if (stopped) {
            return; // a listener closed the manager
        }
        opener.open(error -> {
            if (error != null) {
                reconnecting = false;
                schedule();
                events.emit("reconnect_error", error);
            } else {
                int attempts = backoff.attempts();
                reconnecting = false;
                backoff.reset();
                events.emit("reconnect", attempts);
            }
        });
    }
}
