// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.bench.driver.Result;
import dev.sio4j.bench.scenario.ConnectionsScenario;
import dev.sio4j.bench.scenario.FanOutScenario;
import dev.sio4j.bench.scenario.LatencyScenario;
import dev.sio4j.bench.scenario.SlowConsumerScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The driver against the real servers on a tiny N (seconds, not a measurement): the packaged
 * chat jar and the Node tutorial server for every scenario, the floor for the raw mode, and a
 * three-node cluster of each on a fresh Redis through the runner's own path (child driver JVM,
 * JSON line read back).
 */
class DriverAgainstServersIT {

    private static final Setup SETUP = new Setup(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            System.getProperty("bench.node", "node"),
            Path.of(System.getProperty("bench.chatJar", "../examples/chat/target/sio4j-chat.jar")).toAbsolutePath(),
            Path.of(System.getProperty("bench.jsDir", "js")).toAbsolutePath(),
            Path.of(System.getProperty("bench.jar", "target/sio4j-bench.jar")).toAbsolutePath().toString(),
            Path.of("target", "it-results").toAbsolutePath(), false);

    private final List<ServerProcess> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServerProcess p : started) {
            p.stop();
        }
    }

    private String[] start(ServerKind kind) throws InterruptedException {
        SETUP.check();
        ServerProcess p = ServerProcess.start(kind.label(), kind.command(SETUP, null), SETUP.jsDir(),
                SETUP.out().resolve(kind.label() + "-" + System.nanoTime() + ".log"));
        started.add(p);
        String url = p.awaitUrl(Duration.ofSeconds(30));
        return new String[] {"--url", url, "--server-pid", Long.toString(p.pid()), "--server", kind.label()};
    }

    private static Map<String, Object> measure(Callable<Integer> scenario, String[] server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(server));
        all.addAll(List.of(args));
        new CommandLine(scenario).parseArgs(all.toArray(String[]::new));
        Result r;
        if (scenario instanceof LatencyScenario s) {
            r = s.measure();
        } else if (scenario instanceof FanOutScenario s) {
            r = s.measure();
        } else if (scenario instanceof ConnectionsScenario s) {
            r = s.measure();
        } else {
            r = ((SlowConsumerScenario) scenario).measure();
        }
        // as the runner reads it: through the JSON line
        Map<String, Object> values = Result.parse(r.toJson());
        assertThat(values).doesNotContainKey("error");
        return values;
    }

    private static void assertFanOut(Map<String, Object> r) {
        assertThat(r).containsEntry("lost", 0).containsEntry("duplicates", 0).containsEntry("out_of_order", 0)
                .containsEntry("stalled", false);
        assertThat(((Number) r.get("deliveries")).longValue()).isPositive();
        assertThat((Double) r.get("server_cpu_us_per_delivery")).isNotNull();
    }

    @Test
    void everyScenarioRunsAgainstTheChatJar() throws Exception {
        String[] chat = start(ServerKind.SIO4J);

        assertThat(measure(new LatencyScenario(), chat, "--warmup", "200", "--count", "300")).containsEntry("rtt_count", 300);
        assertFanOut(measure(new FanOutScenario(), chat, "--receivers", "10", "--warmup-seconds", "0.2", "--seconds", "0.5"));
        assertFanOut(measure(new FanOutScenario(), chat, "--receivers", "10", "--rate", "200", "--warmup-seconds", "0.2",
                "--seconds", "0.5", "--namespace", "/chat"));
        assertFanOut(measure(new FanOutScenario(), chat, "--receivers", "4", "--binary", "--size", "65536", "--window", "2",
                "--warmup-seconds", "0.2", "--seconds", "0.5"));
        assertThat(measure(new LatencyScenario(), chat, "--polling", "--warmup", "20", "--count", "50"))
                .containsEntry("rtt_count", 50);
        assertFanOut(measure(new FanOutScenario(), chat, "--polling", "--receivers", "5", "--warmup-seconds", "0.2",
                "--seconds", "0.5"));
        Map<String, Object> conns = measure(new ConnectionsScenario(), chat, "--jvm", "--connections", "100",
                "--hold-seconds", "1");
        assertThat(conns).containsEntry("connected", 100).containsEntry("failures", 0).containsEntry("drops", 0);
        assertThat((Double) conns.get("heap_per_conn_kb")).isPositive();
        assertThat((String) conns.get("heap_top")).contains("B (");
        Map<String, Object> slow = measure(new SlowConsumerScenario(), chat, "--receivers", "3", "--rate", "100",
                "--size", "1024", "--warmup-seconds", "0.2", "--seconds", "0.5");
        assertThat(slow).containsKeys("baseline_delivery_p99_us", "slow_delivery_p99_us", "rss_growth_mb");
    }

    @Test
    void theNodeServerAnswersTheSameScenarios() throws Exception {
        String[] node = start(ServerKind.NODE);

        assertThat(measure(new LatencyScenario(), node, "--warmup", "100", "--count", "100")).containsEntry("rtt_count", 100);
        assertFanOut(measure(new FanOutScenario(), node, "--receivers", "10", "--warmup-seconds", "0.2", "--seconds", "0.5"));
        assertFanOut(measure(new FanOutScenario(), node, "--receivers", "4", "--binary", "--size", "65536", "--window", "2",
                "--warmup-seconds", "0.2", "--seconds", "0.5"));
        assertFanOut(measure(new FanOutScenario(), node, "--polling", "--receivers", "5", "--warmup-seconds", "0.2",
                "--seconds", "0.5"));
        assertThat(measure(new ConnectionsScenario(), node, "--connections", "100", "--hold-seconds", "1"))
                .containsEntry("connected", 100).containsEntry("drops", 0);
    }

    @Test
    void theFloorEchoesRawFrames() throws Exception {
        String[] floor = start(ServerKind.FLOOR_EACH);

        assertThat(measure(new LatencyScenario(), floor, "--raw", "--warmup", "100", "--count", "100"))
                .containsEntry("rtt_count", 100);
        assertFanOut(measure(new FanOutScenario(), floor, "--raw", "--receivers", "10", "--warmup-seconds", "0.2",
                "--seconds", "0.5"));
        assertFanOut(measure(new FanOutScenario(), floor, "--raw", "--receivers", "4", "--binary", "--size", "65536",
                "--window", "2", "--warmup-seconds", "0.2", "--seconds", "0.5"));
    }

    @Test
    void theRunnerMeasuresAClusterOfEachKindThroughAChildDriver() throws Exception {
        SETUP.check();
        Spec tiny = new Spec("it-cluster", "tiny", List.of("fanout", "--receivers", "6", "--warmup-seconds", "0.2",
                "--seconds", "0.5"), List.of(ServerKind.SIO4J, ServerKind.NODE), 3, List.of("deliveries_per_s", "lost"),
                Duration.ofMinutes(2));
        List<Map<String, Object>> results = new ArrayList<>();
        for (ServerKind kind : tiny.servers()) {
            results.add(Measurement.run(SETUP, tiny, kind, 1));
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r).doesNotContainKey("error").containsEntry("nodes", 3).containsEntry("lost", 0);
            assertFanOut(r);
        });
        assertThat(new Summary(List.of(tiny), results).table(tiny)).contains("| lost | 0.00 | 0.00 |");
    }
}
