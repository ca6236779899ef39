// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import dev.sio4j.bench.driver.Result;
import dev.sio4j.bench.driver.ServerProbe;
import dev.sio4j.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measurement: fresh server(s) of one kind (for a cluster, a fresh Redis and its nodes), the
 * driver run once against them in its own JVM, its JSON line read back, everything stopped.
 * Stateless; one call at a time.
 */
final class Measurement {

    /** How long a server may take to print its URL. */
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** The driver's own JVM: a roomy heap for 19,000 connections and their histograms (it is not measured). */
    private static final List<String> DRIVER_JVM = List.of("-Xms1g", "-Xmx3g", "-XX:+UseParallelGC");

    private Measurement() {
    }

    /** Runs {@code spec} against {@code kind} (round {@code run}); the result line, or one with an error. */
    static Map<String, Object> run(Setup setup, Spec spec, ServerKind kind, int run) throws InterruptedException {
        String tag = spec.id() + "-" + kind.label() + "-" + run;
        Path logs = setup.out().resolve("logs");
        List<ServerProcess> servers = new ArrayList<>();
        RedisServer redis = null;
        Map<String, Object> result;
        try {
            if (spec.nodes() > 1) {
                redis = RedisServer.start();
            }
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < spec.nodes(); i++) {
                ServerProcess server = ServerProcess.start(kind.label() + "-" + i,
                        kind.command(setup, redis == null ? null : redis.uri()), setup.jsDir(),
                        logs.resolve(tag + "-server-" + i + ".log"));
                servers.add(server);
                urls.add(server.awaitUrl(STARTUP));
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(setup.java());
            cmd.addAll(DRIVER_JVM);
            cmd.addAll(List.of("-cp", setup.benchClasspath(), "dev.sio4j.bench.BenchMain"));
            cmd.addAll(spec.driverArgs());
            cmd.addAll(List.of("--url", String.join(",", urls), "--server", kind.label(), "--server-pid",
                    servers.stream().map(s -> Long.toString(s.pid())).collect(Collectors.joining(","))));
            if (kind.jvm()) {
                cmd.add("--jvm");
            }
            if (kind.raw()) {
                cmd.add("--raw");
            }
            if (setup.jfr() && kind == ServerKind.SIO4J) {
                // started from outside through jcmd: the server runs without any extra flag
                servers.forEach(s -> new ServerProbe(s.pid()).jcmd("JFR.start", "name=bench", "settings=profile"));
            }
            ServerProcess driver = ServerProcess.start("driver", cmd, setup.jsDir(), logs.resolve(tag + "-driver.log"));
            if (!driver.awaitExit(spec.timeout())) {
                result = error(spec, kind, "driver timed out after " + spec.timeout() + ": " + driver.tail());
            } else {
                result = lastJsonLine(driver.output());
                if (result == null) {
                    result = error(spec, kind, "driver printed no result: " + driver.tail());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // one failed measurement is reported in its table; the run goes on
            result = error(spec, kind, e.toString());
        } finally {
            if (setup.jfr() && kind == ServerKind.SIO4J) {
                for (int i = 0; i < servers.size(); i++) {
                    dumpJfr(servers.get(i), logs.resolve(tag + "-server-" + i + ".jfr"));
                }
            }
            for (ServerProcess s : servers) {
                s.stop();
            }
            if (redis != null) {
                redis.close();
            }
        }
        Map<String, Object> tagged = new LinkedHashMap<>();
        tagged.put("spec", spec.id());
        tagged.put("run", run);
        tagged.putAll(result);
        tagged.put("server", kind.label());
        return tagged;
    }

    private static void dumpJfr(ServerProcess server, Path file) {
        try {
            new ServerProbe(server.pid()).jcmd("JFR.dump", "name=bench", "filename=" + file);
        } catch (RuntimeException e) {
            System.err.println("no JFR recording of " + server + ": " + e.getMessage());
        }
    }

    static Map<String, Object> lastJsonLine(String output) {
        List<String> lines = output.lines().filter(l -> l.startsWith("{") && l.endsWith("}")).toList();
        return lines.isEmpty() ? null : Result.parse(lines.get(lines.size() - 1));
    }

    private static Map<String, Object> error(Spec spec, ServerKind kind, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", spec.id());
        m.put("server", kind.label());
        m.put("error", message);
        return m;
    }
}
