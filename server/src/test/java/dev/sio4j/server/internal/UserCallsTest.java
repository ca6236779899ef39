// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UserCalls#runSoon} runs a peer's event at once only when that keeps the socket's order:
 * on the socket's loop, with nothing of the socket queued; otherwise it queues behind.
 */
class UserCallsTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private UserCalls calls(java.util.concurrent.Executor executor) {
        return new UserCalls(executor, () -> List.<Consumer<Throwable>>of(reported::add), "s1", "/");
    }

    private void onLoop(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void runsAtOnceOnTheLoopWhenNothingIsQueued() throws Exception {
        UserCalls calls = calls(loop);
        onLoop(() -> {
            calls.runSoon(() -> order.add("event"));
            order.add("after runSoon");
        });
        assertThat(order).containsExactly("event", "after runSoon");
    }

    @Test
    void queuesBehindWhatTheSocketAlreadyQueued() throws Exception {
        UserCalls calls = calls(loop);
        onLoop(() -> {
            calls.run(() -> order.add("connection handler"));
            calls.runSoon(() -> order.add("event"));
            order.add("after runSoon");
        });
        onLoop(() -> { }); // the queued tasks ran before this one
        assertThat(order).containsExactly("after runSoon", "connection handler", "event");

        order.clear();
        onLoop(() -> calls.runSoon(() -> order.add("next event")));
        assertThat(order).as("the queue drained: at once again").containsExactly("next event");
    }

    @Test
    void queuesWhenCalledOffTheLoop() throws Exception {
        UserCalls calls = calls(loop);
        CountDownLatch ran = new CountDownLatch(1);
        calls.runSoon(() -> {
            order.add(loop.inEventLoop() ? "on the loop" : "elsewhere");
            ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("on the loop");
    }

    @Test
    void neverRunsInlineForAListenerExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            UserCalls calls = calls(new SerialExecutor(pool));
            CountDownLatch ran = new CountDownLatch(1);
            onLoop(() -> calls.runSoon(() -> {
                order.add(loop.inEventLoop() ? "on the loop" : "on the listener executor");
                ran.countDown();
            }));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("on the listener executor");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whatAnInlineTaskThrowsIsReportedNotThrown() throws Exception {
        UserCalls calls = calls(loop);
        IllegalStateException boom = new IllegalStateException("listener failed");
        onLoop(() -> calls.runSoon(() -> {
            throw boom;
        }));
        assertThat(reported).containsExactly(boom);
    }
}
