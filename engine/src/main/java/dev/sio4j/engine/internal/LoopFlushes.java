// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outboxes of one event loop that have something to flush, flushed together by one task.
 *
 * <p>A broadcast to a thousand sessions on one loop queues into a thousand outboxes; each of
 * them used to submit its own flush task. Here the first outbox of a turn submits one task and
 * the others join its list, so the loop runs one task per turn instead of one per session (as a
 * bare Netty broadcaster that flushes all its channels after the writes does). Each outbox is
 * still flushed once per turn, after everything queued before the task ran, so what leaves
 * together and in which order does not change.
 *
 * <p>One instance per event-loop thread (a {@link FastThreadLocal}), confined to that thread.
 */
final class LoopFlushes implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LoopFlushes.class);

    private static final FastThreadLocal<LoopFlushes> CURRENT = new FastThreadLocal<>() {
        @Override
        protected LoopFlushes initialValue() {
            return new LoopFlushes();
        }
    };

    // Two lists swapped per run, so a flush that queues another flush adds to the next run.
    private ArrayList<Outbox> pending = new ArrayList<>();
    private ArrayList<Outbox> running = new ArrayList<>();
    private EventExecutor executor; // the loop the queued task runs on, while one is queued

    private LoopFlushes() {
    }

    /**
     * Flushes {@code outbox} in this loop turn's flush task, submitting that task if none is
     * queued. Must be called on {@code loop}'s own thread; false (nothing done) when the thread's
     * task is queued on another executor that runs on the same thread (an embedded test loop),
     * so the caller submits its own task.
     */
    static boolean add(Outbox outbox, EventExecutor loop) {
        LoopFlushes flushes = CURRENT.get();
        if (flushes.executor == null) {
            // Submit first: a loop that refuses (shutting down) leaves nothing half-registered.
            loop.execute(flushes);
            flushes.executor = loop;
        } else if (flushes.executor != loop) {
            return false;
        }
        flushes.pending.add(outbox);
        return true;
    }

    @Override
    public void run() {
        executor = null;
        ArrayList<Outbox> batch = pending;
        pending = running;
        running = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).flush();
                } catch (RuntimeException e) {
                    // One session's failure must not leave the others of this turn unflushed.
                    log.warn("flushing a session failed", e);
                }
            }
        } finally {
            batch.clear();
        }
    }
}
