// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where a manager's tasks run: its loop; after its private runtime stopped, the callers, one at a time. */
class ManagerLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void tasksRunOnThePrivateLoopInOrder() throws Exception {
        ManagerLoop loop = new ManagerLoop(null, Timers::on);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> ran.add("a:" + loop.loop().inEventLoop()), false);
        loop.execute(() -> ran.add("b"), false);
        loop.execute(done::countDown, false);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("a:true", "b");
        loop.privateRuntimeStopper().run();
    }

    @Test
    void afterAStopOnlyStartTasksStartANewThread() throws Exception {
        ManagerLoop loop = new ManagerLoop(null, Timers::on);
        var first = loop.loop();
        loop.privateRuntimeStopper().run();
        assertThat(loop.isClosed()).isTrue();

        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        loop.execute(() -> ranOn.add(Thread.currentThread()), false);
        assertThat(ranOn).containsExactly(caller);
        assertThat(loop.isClosed()).isTrue();

        CompletableFuture<Boolean> onNewLoop = new CompletableFuture<>();
        loop.execute(() -> onNewLoop.complete(loop.loop().inEventLoop()), true);
        assertThat(onNewLoop).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(loop.loop()).isNotSameAs(first);
        loop.privateRuntimeStopper().run();
    }

    @Test
    void callerRunTasksHoldNoLockAndNeverOverlap() throws Exception {
        ManagerLoop loop = new ManagerLoop(null, Timers::on);
        loop.privateRuntimeStopper().run();
        CountDownLatch insideFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread first = new Thread(() -> loop.execute(() -> {
            ran.add("first");
            insideFirst.countDown();
            try {
                // a listener that waits for another thread which itself calls the manager
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("first done");
        }, false), "first");
        first.start();
        assertThat(insideFirst.await(10, TimeUnit.SECONDS)).isTrue();

        // Another thread's task neither blocks its caller nor runs beside the first one.
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> loop.execute(() -> ran.add("second"), false));
        assertThat(second).succeedsWithin(WAIT);
        assertThat(ran).containsExactly("first");
        release.countDown();
        first.join(WAIT.toMillis());
        assertThat(ran).containsExactly("first", "first done", "second");
    }

    @Test
    void tasksForAClosedSharedRuntimeAreDropped() {
        EventLoops runtime = EventLoops.create(1);
        ManagerLoop loop = new ManagerLoop(runtime, Timers::on);
        runtime.close();
        List<String> ran = new CopyOnWriteArrayList<>();
        loop.execute(() -> ran.add("x"), false);
        loop.execute(() -> ran.add("y"), true);
        assertThat(ran).isEmpty();
        assertThat(loop.privateRuntimeStopper()).isNull();
    }
}
