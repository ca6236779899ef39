// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.client.ClientOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reconnection timing with a manual clock: delays come from the backoff, attempts are counted. */
class ReconnectionTest {

    /** Timers that only record; the test decides when each one fires. */
    static final class ManualTimers implements Timers {
        record Task(long delay, Runnable run) {
        }

        final List<Task> scheduled = new CopyOnWriteArrayList<>();
        private final io.netty.channel.EventLoop loop;

        ManualTimers(io.netty.channel.EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            Task t = new Task(delayMillis, task);
            scheduled.add(t);
            return () -> scheduled.remove(t);
        }

        /** Fires (on the loop) the first scheduled task with this delay. */
        void fire(long delay) {
            Task t = scheduled.stream().filter(x -> x.delay == delay).findFirst().orElseThrow();
            scheduled.remove(t);
            loop.execute(t.run);
        }

        boolean has(long delay) {
            return scheduled.stream().anyMatch(x -> x.delay == delay);
        }
    }

    @Test
    void delaysFollowTheBackoffAndAttemptsStopAtTheLimit() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ClientOptions options = ClientOptions.builder().reconnectionAttempts(3)
                .reconnectionDelay(Duration.ofMillis(1000)).reconnectionDelayMax(Duration.ofMillis(3000))
                .randomizationFactor(0.5).timeout(Duration.ofMillis(19_999)).build();
        List<ManualTimers> timers = new CopyOnWriteArrayList<>();
        try (EventLoops runtime = EventLoops.create(1)) {
            RealManager manager = new RealManager(URI.create("http://127.0.0.1:" + closedPort), options, runtime,
                    loop -> {
                        ManualTimers t = new ManualTimers(loop);
                        timers.add(t);
                        return t;
                    }, () -> 0.2); // r = 0.2: every delay moves down by 10%
            List<String> events = new CopyOnWriteArrayList<>();
            for (String e : List.of("reconnect_attempt", "reconnect_error", "reconnect_failed", "error")) {
                manager.on(e, args -> events.add(e + (args.length > 0 && args[0] instanceof Integer i ? " " + i : "")));
            }
            ManualTimers clock = timers.get(0);
            manager.socket("/");
            // first open fails (connection refused) and schedules the first reconnection: 1000 - 10%
            await().until(() -> clock.has(900));
            clock.fire(900);
            await().until(() -> clock.has(1800));
            clock.fire(1800);
            // 4000 capped at 3000, then moved down: floor(0.2*0.5*4000) = 400 below 4000 exceeds nothing: 3000
            await().until(() -> clock.has(3000));
            clock.fire(3000);
            await().until(() -> events.contains("reconnect_failed"));
            assertThat(events.stream().filter(e -> e.startsWith("reconnect_attempt")).toList())
                    .containsExactly("reconnect_attempt 1", "reconnect_attempt 2", "reconnect_attempt 3");
            assertThat(events.stream().filter(e -> e.equals("reconnect_error")).count()).isEqualTo(3);
            manager.close();
        }
    }
}
