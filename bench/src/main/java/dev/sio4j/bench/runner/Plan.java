// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import static dev.sio4j.bench.runner.ServerKind.FLOOR_COALESCE;
import static dev.sio4j.bench.runner.ServerKind.FLOOR_EACH;
import static dev.sio4j.bench.runner.ServerKind.NODE;
import static dev.sio4j.bench.runner.ServerKind.SIO4J;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every measurement the runner makes, in order, at full size (the documented run) or quick (a
 * few seconds each, to check that everything works). The sizes are those of issue 11: latency
 * after 40,000 warm-up round trips; fan-out to 100 and 1,000 receivers, windowed and paced;
 * 64 KB binary fan-out; 10,000 and 19,000 idle connections opened 200 at a time and held 60 s;
 * long-polling latency and fan-out at 100; the slow consumer; and the three-node cluster.
 * Stateless.
 */
final class Plan {

    private static final List<ServerKind> ALL = List.of(SIO4J, NODE, FLOOR_EACH, FLOOR_COALESCE);
    private static final List<ServerKind> SOCKET_IO = List.of(SIO4J, NODE);
    private static final List<String> RTT = List.of("rtt_p50_us", "rtt_p90_us", "rtt_p99_us", "rtt_max_us");
    private static final List<String> FAN_OUT = List.of("deliveries_per_s", "delivery_p50_us", "delivery_p99_us",
            "server_cpu_us_per_delivery", "lost", "out_of_order", "wire_bytes_per_delivery");
    private static final List<String> CONNECTIONS = List.of("setup_ms", "failures", "drops", "heartbeats_min",
            "rss_per_conn_kb", "rss_after_gc_per_conn_kb", "heap_per_conn_kb");

    private Plan() {
    }

    /** The measurements; {@code quick} shrinks every size and duration. */
    static List<Spec> specs(boolean quick) {
        String seconds = quick ? "2" : "8";
        String warmup = quick ? "1" : "3";
        String hold = quick ? "3" : "60";
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("latency", "Latency: one client, ping-pong on message over WebSocket",
                List.of("latency", "--warmup", quick ? "2000" : "40000", "--count", quick ? "2000" : "20000"),
                ALL, 1, RTT, minutes(5)));
        for (String n : List.of("100", "1000")) {
            specs.add(new Spec("fanout-" + n, "Fan-out to " + n + " WebSocket receivers, window 10, 64-character messages",
                    List.of("fanout", "--receivers", n, "--window", "10", "--warmup-seconds", warmup, "--seconds", seconds),
                    ALL, 1, FAN_OUT, minutes(5)));
        }
        for (String[] paced : new String[][] {{"100", "500"}, {"1000", "50"}}) {
            specs.add(new Spec("fanout-" + paced[0] + "-paced",
                    "Fan-out to " + paced[0] + " receivers, paced at " + paced[1] + " messages/s (about 50k deliveries/s)",
                    List.of("fanout", "--receivers", paced[0], "--rate", paced[1], "--warmup-seconds", warmup, "--seconds", seconds),
                    ALL, 1, FAN_OUT, minutes(5)));
        }
        specs.add(new Spec("binary-fanout-100", "Binary fan-out: 64 KB attachments to 100 receivers, window 2",
                List.of("fanout", "--receivers", "100", "--binary", "--size", "65536", "--window", "2",
                        "--warmup-seconds", warmup, "--seconds", seconds),
                ALL, 1, FAN_OUT, minutes(5)));
        for (String n : quick ? List.of("500", "1000") : List.of("10000", "19000")) {
            specs.add(new Spec("connections-" + n, n + " idle WebSocket connections, opened 200 at a time, held " + hold + " s",
                    List.of("connections", "--connections", n, "--concurrency", "200", "--hold-seconds", hold),
                    List.of(SIO4J, NODE, FLOOR_COALESCE), 1, CONNECTIONS, minutes(8)));
        }
        specs.add(new Spec("polling-latency", "Latency over long-polling only: one client, ping-pong",
                List.of("latency", "--polling", "--warmup", quick ? "500" : "5000", "--count", quick ? "500" : "5000"),
                SOCKET_IO, 1, List.of("rtt_p50_us", "rtt_p90_us", "rtt_p99_us", "rtt_max_us", "wire_bytes_per_round_trip"),
                minutes(5)));
        specs.add(new Spec("polling-fanout-100", "Fan-out to 100 long-polling receivers, window 10",
                List.of("fanout", "--polling", "--receivers", "100", "--window", "10", "--warmup-seconds", warmup,
                        "--seconds", seconds),
                SOCKET_IO, 1, FAN_OUT, minutes(5)));
        specs.add(new Spec("slow-consumer", "Slow consumer: 20 receivers, 4 KB messages at 500/s, then one more client that never reads",
                List.of("slow-consumer", "--receivers", "20", "--rate", "500", "--size", "4096",
                        "--warmup-seconds", quick ? "1" : "5", "--seconds", quick ? "4" : "20"),
                SOCKET_IO, 1, List.of("baseline_delivery_p99_us", "slow_delivery_p99_us", "p99_ratio", "slow_lost",
                        "rss_peak_baseline_mb", "rss_peak_slow_mb", "rss_growth_mb", "slow_closed_by_server",
                        "slow_sent", "slow_received"),
                minutes(5)));
        specs.add(new Spec("cluster-fanout", "Cluster: 3 nodes on one Redis, 300 receivers spread over them, window 10",
                List.of("fanout", "--receivers", "300", "--window", "10", "--warmup-seconds", warmup, "--seconds", seconds),
                SOCKET_IO, 3, FAN_OUT, minutes(5)));
        return specs;
    }

    private static Duration minutes(int m) {
        return Duration.ofMinutes(m);
    }
}
