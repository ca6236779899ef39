// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The event loop a manager is pinned to, its timers, and the private one-thread runtime a
 * manager without a shared {@link dev.sio4j.client.ClientRuntime} owns (stopped on close, started again by a
 * later connect).
 *
 * <p>Thread-safe. Tasks run on the loop, in submission order; once a private runtime is stopped,
 * tasks that must not start it again run on the caller's thread, one at a time, with no lock held
 * (they may call listeners).
 */
final class ManagerLoop {

    private final boolean ownsRuntime;
    private final Function<EventLoop, Timers> timersFactory;
    private final Queue<Runnable> inline = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inlineRunning = new AtomicBoolean();
    private volatile EventLoops runtime;
    private volatile EventLoop loop;
    private volatile Timers timers;

    /** @param shared the runtime to run on, or null for a private one */
    ManagerLoop(EventLoops shared, Function<EventLoop, Timers> timersFactory) {
        this.ownsRuntime = shared == null;
        this.timersFactory = timersFactory;
        this.runtime = shared != null ? shared : EventLoops.create(1);
        this.loop = runtime.next();
        this.timers = timersFactory.apply(loop);
    }

    /**
     * Runs {@code task} on the loop. A {@code start} task starts a stopped private runtime again;
     * other tasks then run on the caller's thread. With a closed shared runtime, tasks are dropped.
     */
    void execute(Runnable task, boolean start) {
        EventLoop target;
        synchronized (this) {
            if (runtime.isClosed()) {
                if (!ownsRuntime) {
                    return;
                }
                if (start) {
                    runtime = EventLoops.create(1);
                    loop = runtime.next();
                    timers = timersFactory.apply(loop);
                    target = loop;
                } else {
                    target = null;
                }
            } else {
                target = loop;
            }
        }
        if (target == null) {
            runInline(task);
        } else if (target.inEventLoop()) {
            task.run();
        } else {
            target.execute(task);
        }
    }

    /** Serializes tasks without a loop thread: whoever finds the queue idle runs it dry. */
    private void runInline(Runnable task) {
        inline.add(task);
        while (!inline.isEmpty() && inlineRunning.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = inline.poll()) != null) {
                    next.run();
                }
            } finally {
                inlineRunning.set(false);
            }
        }
    }

    EventLoop loop() {
        return loop;
    }

    /** The host name resolvers of the current runtime. */
    AddressResolverGroup<InetSocketAddress> resolvers() {
        return runtime.resolvers();
    }

    Timers timers() {
        return timers;
    }

    boolean isClosed() {
        return runtime.isClosed();
    }

    /** What stops the private runtime as it is now (its thread ends), or null with a shared runtime. */
    Runnable privateRuntimeStopper() {
        if (!ownsRuntime) {
            return null;
        }
        EventLoops r = runtime;
        return r::close;
    }
}
