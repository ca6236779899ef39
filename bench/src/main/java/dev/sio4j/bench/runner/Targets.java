// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets of issue 11, checked against a run's medians: each row says what was measured,
 * the goal, and whether it is met ("–" when the run lacks a measurement it needs, e.g. a run
 * limited with {@code --only}). Stateless.
 */
final class Targets {

    private Targets() {
    }

    /** One target: what, the value, the goal, met or not (null: not measured). */
    record Row(String target, String value, String goal, Boolean met) {
    }

    static List<Row> check(Summary s) {
        List<Row> rows = new ArrayList<>();
        rows.add(ratio(s, "10,000 idle connections: RSS per connection", "connections-10000", "rss_per_conn_kb", "≤ 0.333", r -> r <= 1 / 3.0));
        Stats drops = s.stats("connections-19000", "sio4j", "drops");
        Stats fails = s.stats("connections-19000", "sio4j", "failures");
        rows.add(new Row("19,000 connections held 60 s: drops + failures (worst run)",
                drops == null || fails == null ? "–" : Stats.format(drops.max() + fails.max()), "0",
                drops == null || fails == null ? null : drops.max() + fails.max() == 0));
        rows.add(ratio(s, "Opening 10,000 connections: time", "connections-10000", "setup_ms", "≤ 0.8", r -> r <= 0.8));
        rows.add(ratio(s, "Latency: RTT p50", "latency", "rtt_p50_us", "≤ 0.8", r -> r <= 0.8));
        rows.add(ratio(s, "Latency: RTT p99", "latency", "rtt_p99_us", "≤ 0.8", r -> r <= 0.8));
        rows.add(ratio(s, "Fan-out to 1,000: server CPU per delivery", "fanout-1000", "server_cpu_us_per_delivery", "≤ 0.25",
                r -> r <= 0.25));
        Stats cpu = s.stats("fanout-1000", "sio4j", "server_cpu_us_per_delivery");
        Stats floor = s.stats("fanout-1000", ServerKind.FLOOR_COALESCE.label(), "server_cpu_us_per_delivery");
        Double vsFloor = Stats.ratio(cpu, floor);
        rows.add(new Row("Fan-out to 1,000: server CPU per delivery vs the coalescing floor (sio4j / floor)",
                vsFloor == null ? "–" : Stats.format(vsFloor), "≤ 1.5", vsFloor == null ? null : vsFloor <= 1.5));
        rows.add(ratio(s, "Fan-out to 1,000: deliveries/s", "fanout-1000", "deliveries_per_s", "≥ 5", r -> r >= 5));
        Stats lost = s.stats("fanout-1000", "sio4j", "lost");
        rows.add(new Row("Fan-out to 1,000: lost deliveries (worst run)", lost == null ? "–" : Stats.format(lost.max()), "0",
                lost == null ? null : lost.max() == 0));
        rows.add(ratio(s, "Fan-out to 1,000: delivery latency p99", "fanout-1000", "delivery_p99_us", "≤ 1", r -> r <= 1));
        // The stalled client gets a 64 KiB receive buffer, so what the kernels hold is a few MB: a
        // server that keeps its cap closes it, and it cannot receive everything once it reads again.
        Stats sent = s.stats("slow-consumer", "sio4j", "slow_sent");
        Stats received = s.stats("slow-consumer", "sio4j", "slow_received");
        Stats closed = s.stats("slow-consumer", "sio4j", "slow_closed_by_server");
        boolean measured = sent != null && received != null && closed != null;
        rows.add(new Row("Slow consumer: the stalled client is cut off at the cap (messages it still got / sent, median)",
                measured ? Stats.format(received.median()) + " / " + Stats.format(sent.median()) : "–",
                "closed, fewer than sent", measured ? closed.min() == 1 && received.max() < sent.min() : null));
        Stats others = s.stats("slow-consumer", "sio4j", "p99_ratio");
        rows.add(new Row("Slow consumer: others' p99 with / without it (median)", others == null ? "–" : Stats.format(others.median()),
                "≤ 2", others == null ? null : others.median() <= 2));
        return rows;
    }

    private static Row ratio(Summary s, String what, String spec, String metric, String goal,
            java.util.function.DoublePredicate ok) {
        Double r = Stats.ratio(s.stats(spec, "sio4j", metric), s.stats(spec, "node", metric));
        return new Row(what + " (sio4j / node)", r == null ? "–" : Stats.format(r), goal, r == null ? null : ok.test(r));
    }

    /** The targets as a markdown table. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| target | measured | goal | met |\n|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.target()).append(" | ").append(r.value()).append(" | ").append(r.goal()).append(" | ")
                    .append(r.met() == null ? "–" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }
}
