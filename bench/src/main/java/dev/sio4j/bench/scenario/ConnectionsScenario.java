// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Crowd;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Result;
import dev.sio4j.bench.driver.ServerProbe;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N idle WebSocket clients: opened with a bounded number in flight against a cold server (setup
 * time, failures), held with heartbeats (every ping answered; drops counted), then what they
 * cost the server: resident memory per connection (before and after a full GC) and, for a JVM,
 * the live heap per connection after a full GC with the classes that make it up.
 */
@Command(name = "connections", description = "N idle connections: setup time, failures, drops while held, RSS and heap per connection.")
public final class ConnectionsScenario implements Callable<Integer> {

    /** How many classes the heap breakdown lists. */
    static final int TOP_CLASSES = 15;

    @Mixin
    Common common;

    @Option(names = "--connections", defaultValue = "10000", description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--concurrency", defaultValue = "200", description = "Connections opened at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--hold-seconds", defaultValue = "60", description = "How long they are held (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Override
    public Integer call() throws Exception {
        System.out.println(measure().toJson());
        return 0;
    }

    /** Runs the scenario with the options set; its result. */
    public Result measure() throws Exception {
        ServerProbe probe = common.probes().isEmpty() ? new ServerProbe(0) : common.probes().get(0);
        Result result = common.result("connections").put("connections", connections).put("concurrency", concurrency)
                .put("hold_s", holdSeconds);
        // For a JVM the baseline histogram is taken first: it runs a full GC, so the RSS baseline
        // after it is comparable to the RSS after the final full GC.
        Map<String, long[]> heapBefore = common.jvm ? probe.heapHistogram() : null;
        long rssBefore = probe.rssKb();
        Peer.Listener idle = (peer, packet) -> { };
        try (Connector connector = common.connectors(common.threads).get(0)) {
            Crowd crowd = Crowd.open(connections, concurrency, i -> common.peer(i, idle), connector::open);
            int open = crowd.peers().size();
            result.put("setup_ms", crowd.nanos() / 1e6).put("connected", open).put("failures", crowd.failures())
                    .put("first_failure", crowd.firstFailure());
            long rssOpen = probe.rssKb();
            Thread.sleep(holdSeconds * 1000L);
            long drops = crowd.peers().stream().filter(Peer::isClosed).count();
            int minPings = crowd.peers().stream().mapToInt(Peer::pings).min().orElse(0);
            long rssHeld = probe.rssKb();
            result.put("drops", drops).put("heartbeats_min", common.raw ? null : minPings)
                    .put("rss_baseline_mb", rssBefore / 1024.0)
                    .put("rss_per_conn_kb", perConnection(rssHeld - rssBefore, open))
                    .put("rss_open_per_conn_kb", perConnection(rssOpen - rssBefore, open));
            if (common.jvm && probe.present() && open > 0) {
                Map<String, long[]> heapAfter = probe.heapHistogram();
                long rssAfterGc = probe.rssKb();
                result.put("rss_after_gc_per_conn_kb", perConnection(rssAfterGc - rssBefore, open))
                        .put("heap_per_conn_kb", (heapAfter.get("Total")[1] - heapBefore.get("Total")[1]) / 1024.0 / open)
                        .put("heap_top", topClasses(heapBefore, heapAfter, open));
            }
            crowd.close();
        }
        return result;
    }

    private static Double perConnection(long kb, int n) {
        return kb < 0 || n == 0 ? null : (double) kb / n;
    }

    /** The classes whose live bytes grew most, per connection: "name bytes/conn (instances/conn)". */
    static String topClasses(Map<String, long[]> before, Map<String, long[]> after, int n) {
        return after.entrySet().stream()
                .filter(e -> !e.getKey().equals("Total"))
                .map(e -> {
                    long[] b = before.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
                })
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(TOP_CLASSES)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.0fB (%.1f)", e.getKey(),
                        (double) e.getValue()[1] / n, (double) e.getValue()[0] / n))
                .collect(Collectors.joining("; "));
    }
}
