// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The contract of a socket's {@link UserCalls} part: what user code throws is reported, never thrown on. */
class UserCallsTest {

    private final List<Runnable> queued = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    private final UserCalls calls = new UserCalls(queued::add, () -> errorListeners, "s1", "/");

    @Test
    void runsOnTheExecutorAndReportsWhatATaskThrowsToEveryErrorListener() {
        List<Throwable> first = new ArrayList<>();
        List<Throwable> second = new ArrayList<>();
        errorListeners.add(t -> {
            first.add(t);
            throw new IllegalStateException("an error listener's own bug");
        });
        errorListeners.add(second::add);
        IllegalArgumentException boom = new IllegalArgumentException("boom");

        calls.run(() -> {
            throw boom;
        });
        assertThat(first).as("nothing runs before the executor does").isEmpty();
        assertThatCode(() -> queued.forEach(Runnable::run)).doesNotThrowAnyException();

        assertThat(first).containsExactly(boom);
        assertThat(second).as("a failing error listener does not stop the next").containsExactly(boom);
    }

    @Test
    void withoutErrorListenersAFailureIsOnlyLogged() {
        calls.run(() -> {
            throw new IllegalArgumentException("boom");
        });

        assertThatCode(() -> queued.forEach(Runnable::run)).doesNotThrowAnyException();
    }

    @Test
    void anErrorListenerAddedLaterIsSeenByTheNextReport() {
        List<Throwable> seen = new ArrayList<>();
        calls.report(new IllegalStateException("before"));
        errorListeners.add(seen::add);
        IllegalStateException after = new IllegalStateException("after");

        calls.report(after);

        assertThat(seen).containsExactly(after);
    }
}
