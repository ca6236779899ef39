// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Map<String, Object> result(String spec, String server, int run, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        m.put("run", run);
        m.put("server", server);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final Spec LATENCY = new Spec("latency", "Latency", List.of("latency"),
            List.of(ServerKind.SIO4J, ServerKind.NODE, ServerKind.FLOOR_COALESCE), 1,
            List.of("rtt_p50_us", "rtt_p99_us"), Duration.ofMinutes(1));

    @Test
    void statsAreTheMedianAndTheRange() {
        assertThat(Stats.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stats(2, 1, 3, 3));
        assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
        assertThat(Stats.of(List.of())).isNull();
        assertThat(Stats.ratio(new Stats(40, 0, 0, 1), new Stats(50, 0, 0, 1))).isCloseTo(0.8, within(1e-9));
        assertThat(Stats.ratio(new Stats(1, 1, 1, 1), new Stats(0, 0, 0, 1))).isNull();
    }

    @Test
    void numbersGetTheDigitsTheyDeserve() {
        assertThat(Stats.format(412_345.6)).isEqualTo("412,346");
        assertThat(Stats.format(123.4)).isEqualTo("123");
        assertThat(Stats.format(12.34)).isEqualTo("12.3");
        assertThat(Stats.format(1.234)).isEqualTo("1.23");
        assertThat(Stats.format(0.1234)).isEqualTo("0.123");
        assertThat(new Stats(2, 1, 3, 3).cell()).isEqualTo("2.00 (1.00–3.00)");
        assertThat(new Stats(0, 0, 0, 3).cell()).isEqualTo("0.00");
    }

    @Test
    void theTableHasEveryServerAndTheRatios() {
        List<Map<String, Object>> results = new ArrayList<>();
        double[][] sio4j = {{40, 90}, {50, 100}, {45, 300}};
        for (int run = 1; run <= 3; run++) {
            results.add(result("latency", "sio4j", run, "rtt_p50_us", sio4j[run - 1][0], "rtt_p99_us", sio4j[run - 1][1]));
            results.add(result("latency", "node", run, "rtt_p50_us", 50, "rtt_p99_us", 100));
            results.add(result("latency", "floor-coalesce", run, "rtt_p50_us", 30.0, "rtt_p99_us", 60.0));
        }
        results.add(result("latency", "floor-flush", 1, "error", "floor did not start"));

        Summary summary = new Summary(List.of(LATENCY), results);
        String table = summary.table(LATENCY);

        assertThat(summary.stats("latency", "sio4j", "rtt_p50_us")).isEqualTo(new Stats(45, 40, 50, 3));
        assertThat(table).contains("| metric | sio4j | node | floor-coalesce | sio4j / node | sio4j / floor-coalesce |")
                .contains("| rtt_p50_us | 45.0 (40.0–50.0) | 50.0 | 30.0 | 0.900 | 1.50 |")
                .contains("| rtt_p99_us | 100 (90.0–300) | 100 | 60.0 | 1.00 | 1.67 |");
        assertThat(summary.errors("latency")).containsExactly("floor-flush run 1: floor did not start");
    }

    @Test
    void errorsAreListedAndTheirRunsLeftOut() {
        List<Map<String, Object>> results = List.of(
                result("latency", "sio4j", 1, "rtt_p50_us", 40),
                result("latency", "sio4j", 2, "rtt_p50_us", 9999, "error", "driver timed out\nafter 5 min"));

        Summary summary = new Summary(List.of(LATENCY), results);

        assertThat(summary.stats("latency", "sio4j", "rtt_p50_us").n()).isEqualTo(1);
        assertThat(summary.table(LATENCY)).contains("Error: sio4j run 2: driver timed out after 5 min");
    }

    @Test
    void targetsAreCheckedOnTheMedians() {
        List<Map<String, Object>> results = List.of(
                result("latency", "sio4j", 1, "rtt_p50_us", 40, "rtt_p99_us", 95),
                result("latency", "node", 1, "rtt_p50_us", 50, "rtt_p99_us", 100),
                result("slow-consumer", "sio4j", 1, "slow_sent", 9000, "slow_received", 9000,
                        "slow_closed_by_server", false, "p99_ratio", 1.2));

        List<Targets.Row> rows = Targets.check(new Summary(Plan.specs(true), results));

        assertThat(rows).filteredOn(r -> r.target().startsWith("Latency: RTT p50")).singleElement()
                .satisfies(r -> assertThat(r.met()).isTrue());
        assertThat(rows).filteredOn(r -> r.target().startsWith("Latency: RTT p99")).singleElement()
                .satisfies(r -> assertThat(r.met()).isFalse());
        assertThat(rows).filteredOn(r -> r.target().startsWith("Slow consumer: the stalled client")).singleElement()
                .satisfies(r -> assertThat(r.met()).isFalse())
                .satisfies(r -> assertThat(r.value()).isEqualTo("9,000 / 9,000"));
        assertThat(rows).filteredOn(r -> r.target().startsWith("Fan-out to 1,000: deliveries/s")).singleElement()
                .satisfies(r -> assertThat(r.met()).isNull());
        assertThat(Targets.markdown(rows)).contains("| Latency: RTT p99 (sio4j / node) | 0.950 | ≤ 0.8 | **no** |");
    }

    @Test
    void theResultLineIsTheDriversLastJsonLine() {
        String log = "[main] INFO something {not json\n{\"scenario\":\"a\",\"x\":1}\nnoise\n{\"scenario\":\"b\",\"x\":2.5}\n";

        assertThat(Measurement.lastJsonLine(log)).containsEntry("scenario", "b").containsEntry("x", 2.5);
        assertThat(Measurement.lastJsonLine("no result")).isNull();
    }

    @Test
    void everyPlannedServerHasACommand() {
        Setup setup = new Setup("java", "node", java.nio.file.Path.of("chat.jar"), java.nio.file.Path.of("js"), "bench.jar",
                java.nio.file.Path.of("out"), false);

        assertThat(ServerKind.SIO4J.command(setup, null)).containsExactly("java", "-jar", "chat.jar", "--port", "0", "--host", "127.0.0.1");
        assertThat(ServerKind.NODE.command(setup, "redis://127.0.0.1:1")).endsWith("--redis", "redis://127.0.0.1:1");
        assertThat(ServerKind.FLOOR_EACH.command(setup, null)).endsWith("floor", "--flush", "EACH");
        assertThat(Plan.specs(false)).extracting(Spec::id).doesNotHaveDuplicates()
                .contains("latency", "fanout-1000", "connections-10000", "connections-19000", "slow-consumer", "cluster-fanout");
    }
}
