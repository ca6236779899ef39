// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Crowd;
import dev.sio4j.bench.driver.Deliveries;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Result;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A broadcast storm (paced, large messages) to N receivers, twice on the same server: first as
 * it is, then with one more client that connected and then stopped reading. Reports every other
 * client's delivery latency in both phases (and the ratio of their p99), the server's peak
 * resident memory in both phases, and whether the server closed the client that never read
 * (sio4j closes a session whose outbound queue is full; Node buffers without limit).
 */
@Command(name = "slow-consumer", description = "Broadcast storm with one client that never reads: server memory and others' latency.")
public final class SlowConsumerScenario implements Callable<Integer> {

    /** The kernel receive buffer of the client that stops reading. */
    static final int SLOW_RECEIVE_BUFFER = 64 * 1024;

    @Mixin
    Common common;

    @Option(names = "--receivers", defaultValue = "20", description = "Receivers besides the sender (default: ${DEFAULT-VALUE}).")
    int receivers;

    @Option(names = "--rate", defaultValue = "500", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "4096", description = "Characters per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured time of each phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Warm-up of each phase (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Override
    public Integer call() throws Exception {
        System.out.println(measure().toJson());
        return 0;
    }

    /** Runs the scenario with the options set; its result. */
    public Result measure() throws Exception {
        Result result = common.result("slow-consumer").put("receivers", receivers).put("rate_per_s", rate).put("size", size);
        BroadcastStream stream = new BroadcastStream();
        stream.rate = rate;
        stream.size = size;
        stream.seconds = seconds;
        stream.warmupSeconds = warmupSeconds;
        List<Connector> connectors = common.connectors(common.threads);
        Connector connector = connectors.get(0);
        try (RssSampler rss = new RssSampler(common)) {
            // the receivers stay connected across both phases; each phase records into its own Deliveries
            AtomicReference<StampListener> current = new AtomicReference<>();
            Peer.Listener switching = (peer, packet) -> current.get().onEvent(peer, packet);
            Crowd crowd = Crowd.open(receivers + 1, 200, i -> common.peer(i, switching), connector::open);
            if (crowd.failures() > 0) {
                result.put("error", crowd.firstFailure());
            } else {
                Peer sender = crowd.peers().get(0);
                Result baseline = phase("baseline", stream, sender, current, rss, connectors);

                AtomicLong slowGot = new AtomicLong();
                Peer slow = common.peer(receivers + 1, (peer, packet) -> slowGot.incrementAndGet());
                // a small receive buffer: the loopback's autotuning would let its kernel absorb 32 MiB
                connector.open(slow, SLOW_RECEIVE_BUFFER).get(Connector.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                slow.wire().channel().config().setAutoRead(false);
                Result withSlow = phase("slow", stream, sender, current, rss, connectors);
                // Reading again: a server that kept everything for it delivers every message now; one
                // that enforced its cap closed the session, so the connection ends after what was
                // already on its way.
                slow.wire().channel().config().setAutoRead(true);
                awaitQuiet(slow, slowGot);

                copy(baseline, result, "baseline_");
                copy(withSlow, result, "slow_");
                long rssBaseline = (Long) baseline.values().get("rss_peak_kb");
                long rssSlow = (Long) withSlow.values().get("rss_peak_kb");
                result.put("p99_ratio", ratio(withSlow, baseline, "delivery_p99_us"))
                        .put("rss_peak_baseline_mb", rssBaseline / 1024.0)
                        .put("rss_peak_slow_mb", rssSlow / 1024.0)
                        .put("rss_growth_mb", (rssSlow - rssBaseline) / 1024.0)
                        .put("slow_closed_by_server", slow.isClosed())
                        .put("slow_received", slowGot.get())
                        .put("slow_sent", withSlow.values().get("messages_sent"));
                slow.close();
            }
            crowd.close();
        } finally {
            connectors.forEach(Connector::close);
        }
        return result;
    }

    /** One phase of the storm, recorded into fresh Deliveries; its metrics and the server's peak RSS. */
    private Result phase(String name, BroadcastStream stream, Peer sender, AtomicReference<StampListener> current,
            RssSampler rss, List<Connector> connectors) throws InterruptedException {
        Deliveries deliveries = new Deliveries(receivers + 1, stream.capacity());
        current.set(new StampListener(deliveries));
        rss.reset();
        Result r = new Result(name);
        stream.run(sender, deliveries, common, connectors, r);
        return r.put("rss_peak_kb", rss.peakKb());
    }

    /** Waits until the slow peer closed, or got nothing for 2 s (at most 30 s). */
    private static void awaitQuiet(Peer slow, AtomicLong got) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 150 && !slow.isClosed(); i++) {
            Thread.sleep(200);
            if (i % 10 == 9) {
                if (got.get() == last) {
                    return;
                }
                last = got.get();
            }
        }
    }

    private static void copy(Result from, Result to, String prefix) {
        for (String key : List.of("deliveries_per_s", "delivery_p50_us", "delivery_p99_us", "delivery_max_us", "lost")) {
            to.put(prefix + key, from.values().get(key));
        }
    }

    private static Double ratio(Result a, Result b, String key) {
        Map<String, Object> x = a.values();
        Map<String, Object> y = b.values();
        if (x.get(key) instanceof Number n && y.get(key) instanceof Number d && d.doubleValue() > 0) {
            return n.doubleValue() / d.doubleValue();
        }
        return null;
    }

    /** Samples the server's RSS every 100 ms on a daemon thread and keeps the peak since {@link #reset}. */
    static final class RssSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        RssSampler(Common common) {
            thread = new Thread(() -> {
                while (running) {
                    long kb = common.rssKb();
                    peak.accumulateAndGet(kb, Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            peak.set(0);
        }

        long peakKb() {
            return peak.get();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
