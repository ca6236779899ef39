// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The listener registry keeps immutable snapshots replaced under a lock: registrations from
 * many threads at once must all land, and a once-listener must run once.
 */
class ListenersTest {

    private static final List<JsonNode> NO_ARGS = List.of();

    @Test
    void registrationsFromManyThreadsAtOnceAreAllKept() throws Exception {
        Listeners listeners = new Listeners();
        AtomicInteger calls = new AtomicInteger();
        int threads = 8;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String event = "e" + (t % 2);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        EventListener l = (args, ack) -> calls.incrementAndGet();
                        listeners.add(event, l, l, false);
                        AnyListener any = (e, args) -> { };
                        listeners.addAnyIncoming(any, false);
                        listeners.addAnyOutgoing(any, true);
                        listeners.addError(error -> { });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listeners.emit("e0", NO_ARGS, AckImpl.none(), e -> { })).isEqualTo(threads / 2 * each);
        assertThat(listeners.emit("e1", NO_ARGS, AckImpl.none(), e -> { })).isEqualTo(threads / 2 * each);
        assertThat(calls).hasValue(threads * each);
        assertThat(listeners.anyIncoming()).hasSize(threads * each);
        assertThat(listeners.anyOutgoing()).hasSize(threads * each);
        assertThat(listeners.errors()).hasSize(threads * each);
        assertThat(listeners.eventNames()).containsExactlyInAnyOrder("e0", "e1");
    }

    @Test
    void aOnceListenerRunsOnceAndOffRemovesTheRegisteredObject() {
        Listeners listeners = new Listeners();
        List<String> ran = new ArrayList<>();
        EventListener once = (args, ack) -> ran.add("once");
        EventListener always = (args, ack) -> ran.add("always");
        listeners.add("e", once, once, true);
        listeners.add("e", always, always, false);
        listeners.emit("e", NO_ARGS, AckImpl.none(), e -> { });
        listeners.emit("e", NO_ARGS, AckImpl.none(), e -> { });
        assertThat(ran).containsExactly("once", "always", "always");
        listeners.remove("e", always);
        assertThat(listeners.emit("e", NO_ARGS, AckImpl.none(), e -> { })).isZero();
        assertThat(listeners.eventNames()).isEmpty();
    }

    @Test
    void catchAllListsPrependRemoveOneAndClear() {
        Listeners listeners = new Listeners();
        AnyListener a = (e, args) -> { };
        AnyListener b = (e, args) -> { };
        listeners.addAnyIncoming(a, false);
        listeners.addAnyIncoming(b, true);
        assertThat(listeners.anyIncoming()).containsExactly(b, a);
        listeners.removeAnyIncoming(b);
        listeners.removeAnyIncoming(null);      // as off of something never added: nothing happens
        assertThat(listeners.anyIncoming()).containsExactly(a);
        listeners.clearAnyIncoming();
        assertThat(listeners.anyIncoming()).isEmpty();
        listeners.addAnyOutgoing(a, false);
        listeners.removeAnyOutgoing(a);
        assertThat(listeners.anyOutgoing()).isEmpty();
    }

    @Test
    void manyEventsGrowTheTableAndEachKeepsItsOwnListeners() {
        Listeners listeners = new Listeners();
        List<String> ran = new ArrayList<>();
        List<EventListener> registered = new ArrayList<>();
        // Names with equal hash codes ("Aa"/"BB") share a probe chain: removal must not cut it.
        List<String> names = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"));
        for (int i = 0; i < 40; i++) {
            names.add("event" + i);
        }
        for (String name : names) {
            EventListener l = (args, ack) -> ran.add(name);
            registered.add(l);
            listeners.add(name, l, l, false);
        }
        assertThat(listeners.eventNames()).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            ran.clear();
            assertThat(listeners.emit(name, NO_ARGS, AckImpl.none(), e -> { })).isEqualTo(1);
            assertThat(ran).containsExactly(name);
        }
        assertThat(listeners.emit("absent", NO_ARGS, AckImpl.none(), e -> { })).isZero();

        // A second listener on one event, then removals of every other event.
        EventListener second = (args, ack) -> ran.add("second");
        listeners.add("BB", second, second, false);
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals("BB")) {
                listeners.remove(names.get(i), registered.get(i));
            }
        }
        assertThat(listeners.eventNames()).containsExactly("BB");
        ran.clear();
        assertThat(listeners.emit("BB", NO_ARGS, AckImpl.none(), e -> { })).isEqualTo(2);
        assertThat(ran).containsExactly("BB", "second");
        assertThat(listeners.emit("Aa", NO_ARGS, AckImpl.none(), e -> { })).isZero();
        listeners.removeAll("BB");
        listeners.removeAll("never");
        assertThat(listeners.eventNames()).isEmpty();
        assertThat(listeners.emit("BB", NO_ARGS, AckImpl.none(), e -> { })).isZero();
    }

    @Test
    void aLoneRawListenerKeptBareStillRunsReportsAndComesOff() {
        Listeners listeners = new Listeners();
        List<String> ran = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        EventListener failing = (args, ack) -> {
            ran.add("failing");
            throw new IllegalStateException("boom");
        };
        listeners.add("e", failing, failing, false);
        assertThat(listeners.emit("e", NO_ARGS, AckImpl.none(), errors::add)).isEqualTo(1);
        assertThat(errors).singleElement().isInstanceOf(IllegalStateException.class);
        // A second listener turns the bare one into a list entry; off still finds each.
        EventListener other = (args, ack) -> ran.add("other");
        listeners.add("e", other, other, false);
        assertThat(listeners.emit("e", NO_ARGS, AckImpl.none(), errors::add)).isEqualTo(2);
        assertThat(ran).containsExactly("failing", "failing", "other");
        listeners.remove("e", failing);
        listeners.remove("e", failing); // twice: nothing left to remove
        assertThat(listeners.emit("e", NO_ARGS, AckImpl.none(), errors::add)).isEqualTo(1);
        listeners.remove("e", other);
        assertThat(listeners.eventNames()).isEmpty();
        // Bare alone, then off.
        listeners.add("f", other, other, false);
        listeners.remove("f", new Object());
        assertThat(listeners.eventNames()).containsExactly("f");
        listeners.remove("f", other);
        assertThat(listeners.emit("f", NO_ARGS, AckImpl.none(), errors::add)).isZero();
    }
}
