// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the side-by-side benchmark in one command. For each measurement of the
 * {@link Plan}, round after round, every server in turn (sio4j, Node, then the floors: A B A B),
 * each freshly started, with the driver in its own JVM; then the medians, min–max and ratios
 * ({@link Summary}), the targets of issue 11 ({@link Targets}) and the charts ({@link Charts}).
 * Writes {@code results.jsonl} (every driver line, as it comes), {@code summary.md}, the PNGs and
 * every process's log into the output directory, and prints the summary.
 */
@Command(name = "run", description = "Measure the sio4j chat, the Node tutorial server and the raw floor side by side.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Rounds per measurement (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "Tiny sizes and durations: checks that everything works, measures nothing.")
    boolean quick;

    @Option(names = "--only", split = ",", description = "Only these measurements (ids, e.g. latency,fanout-1000).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", description = "Leave out these measurements (ids).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--out", description = "Output directory (default: bench/target/bench-results/<UTC time>).")
    Path out;

    @Option(names = "--chat-jar", defaultValue = "examples/chat/target/sio4j-chat.jar", description = "The chat jar (default: ${DEFAULT-VALUE}).")
    Path chatJar;

    @Option(names = "--js-dir", defaultValue = "bench/js", description = "The reference Node server's directory (default: ${DEFAULT-VALUE}).")
    Path jsDir;

    @Option(names = "--jfr", description = "Profile: record JFR (jcmd JFR.start, no JVM flag) of every sio4j server into logs/.")
    boolean jfr;

    @Option(names = "--node", defaultValue = "node", description = "Node executable (default: ${DEFAULT-VALUE}).")
    String node;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Path.of("bench", "target", "bench-results",
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(dir);
        Setup setup = new Setup(Path.of(System.getProperty("java.home"), "bin", "java").toString(), node,
                chatJar.toAbsolutePath(), jsDir.toAbsolutePath(), absoluteClasspath(), dir.toAbsolutePath(), jfr);
        setup.check();
        List<Spec> specs = Plan.specs(quick).stream().filter(s -> only.isEmpty() || only.contains(s.id()))
                .filter(s -> !skip.contains(s.id())).toList();
        PrintStream log = System.out;
        Machine before = Machine.now();
        log.println("bench: " + specs.size() + " measurements x " + runs + " rounds into " + dir + "; " + before);
        Path jsonl = dir.resolve("results.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (Spec spec : specs) {
            for (int run = 1; run <= runs; run++) {
                for (ServerKind kind : spec.servers()) {
                    Map<String, Object> r = Measurement.run(setup, spec, kind, run);
                    results.add(r);
                    Files.writeString(jsonl, json.writeValueAsString(r) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    log.println("  " + spec.id() + " " + kind.label() + " run " + run + ": " + brief(spec, r));
                }
            }
        }
        Machine after = Machine.now();
        Summary summary = new Summary(specs, results);
        List<Path> charts = Charts.write(summary, dir);
        String md = "Run of " + specs.size() + " measurements x " + runs + " rounds, "
                + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 60e9) + " min.\n\n"
                + "Before: " + before + "  \nAfter: " + after + "\n\n"
                + "### Targets of issue 11\n\n" + Targets.markdown(Targets.check(summary)) + "\n"
                + "### Measurements (median of the runs, min–max in parentheses)\n\n" + summary.markdown()
                + "\nCharts: " + charts.stream().map(p -> p.getFileName().toString()).toList() + "\n";
        Files.writeString(dir.resolve("summary.md"), md, StandardCharsets.UTF_8);
        log.println();
        log.println(md);
        log.println("bench: results in " + dir);
        return 0;
    }

    /** This JVM's class path with absolute entries: the children run in another directory. */
    private static String absoluteClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static String brief(Spec spec, Map<String, Object> r) {
        if (r.get("error") != null) {
            return "ERROR " + r.get("error");
        }
        StringBuilder b = new StringBuilder();
        for (String m : spec.metrics()) {
            Object v = r.get(m);
            if (v != null) {
                b.append(m).append('=').append(v instanceof Number n ? Stats.format(n.doubleValue()) : v).append(' ');
            }
        }
        return b.toString().trim();
    }

    /** The machine's load when the run started and ended, for the record. */
    record Machine(String load, int cpus) {
        static Machine now() {
            String load;
            try {
                load = Files.readString(Path.of("/proc/loadavg")).trim();
            } catch (IOException e) {
                load = "unknown";
            }
            return new Machine(load, Runtime.getRuntime().availableProcessors());
        }

        @Override
        public String toString() {
            return "load average " + load + " on " + cpus + " CPUs";
        }
    }
}
