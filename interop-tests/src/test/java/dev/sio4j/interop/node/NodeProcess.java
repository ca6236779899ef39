// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code node <script> <args...>} process started by a test, with its output captured line by line.
 *
 * <p>The process runs with {@link NodeScripts#jsDir()} as its working directory, so the official
 * packages installed there resolve. Every stdout and stderr line is kept for the life of the
 * object (and echoed to the test's output with a {@code [node pid]} prefix). Waiting never sleeps:
 * {@link #awaitLine} and {@link #awaitJson} block on a condition until a matching line arrives,
 * the process exits, or the timeout passes, and then fail with an {@link AssertionError} that
 * quotes the output. Matching looks at every line since start, so the order in which a test
 * awaits lines does not matter; use {@link #awaitJsonLines} to wait for several.
 *
 * <p>Convention for scripts: one JSON object per stdout line, with a {@code "type"} field naming
 * what happened ({@code {"type":"ready"}}, {@code {"type":"event","name":"hi","args":[...]}});
 * everything else (debug output) goes to stderr. Scripts should also bound themselves with a
 * timer that exits the process; the {@link Builder#maxLifetime maximum lifetime} here is the backstop.
 *
 * <pre>{@code
 * try (NodeProcess node = NodeProcess.builder(NodeScripts.script("official-client/driver.mjs"))
 *         .args("http://127.0.0.1:" + port, "{\"transports\":[\"websocket\"]}")
 *         .start()) {
 *     JsonNode connected = node.awaitJson(j -> j.path("type").asText().equals("connect"), Duration.ofSeconds(10));
 *     node.writeLine("{\"cmd\":\"exit\"}");
 *     assertThat(node.awaitExit(Duration.ofSeconds(5))).isZero();
 * }
 * }</pre>
 *
 * <p>{@link #close()} destroys the process and its descendants by PID. Thread-safe: output is
 * gathered by two daemon reader threads and may be read or awaited from any thread.
 */
public final class NodeProcess implements AutoCloseable {

    /** Default backstop: a Node process is destroyed after this long even if the test forgot it. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String label;
    private final Object lock = new Object();
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    /** Parsed once per stdout line, same index; null for lines that are not JSON objects. */
    private final List<JsonNode> stdoutJson = new ArrayList<>();
    private final Writer stdin;
    private int openStreams = 2;

    private NodeProcess(Process process) {
        this.process = process;
        this.label = "[node " + process.pid() + "] ";
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        startReader(process.getInputStream(), stdout, stdoutJson, "stdout");
        startReader(process.getErrorStream(), stderr, null, "stderr");
    }

    /** Starts {@code node script args...} with the defaults of {@link Builder}. */
    public static NodeProcess start(Path script, String... args) {
        return builder(script).args(args).start();
    }

    /** A builder for a process running {@code script} (an absolute path, see {@link NodeScripts#script}). */
    public static Builder builder(Path script) {
        return new Builder(script);
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** A snapshot of the stdout lines so far. */
    public List<String> stdoutLines() {
        synchronized (lock) {
            return List.copyOf(stdout);
        }
    }

    /** A snapshot of the stderr lines so far. */
    public List<String> stderrLines() {
        synchronized (lock) {
            return List.copyOf(stderr);
        }
    }

    /** The stdout lines so far that are JSON objects, parsed (other lines are skipped). */
    public List<JsonNode> jsonLines() {
        synchronized (lock) {
            return stdoutJson.stream().filter(Objects::nonNull).toList();
        }
    }

    /** Waits for a stdout line matching {@code predicate}; the first one since start is returned. */
    public String awaitLine(Predicate<String> predicate, Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        return awaitMatches((line, json) -> predicate.test(line) ? line : null, 1, timeout, "a matching line").get(0);
    }

    /** Waits for a stdout JSON-object line matching {@code predicate}; the first one since start is returned. */
    public JsonNode awaitJson(Predicate<JsonNode> predicate, Duration timeout) {
        return awaitJsonLines(predicate, 1, timeout).get(0);
    }

    /** Waits for a stdout JSON-object line whose {@code "type"} field equals {@code type}. */
    public JsonNode awaitType(String type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return awaitJson(json -> type.equals(json.path("type").asText(null)), timeout);
    }

    /** Waits until {@code count} stdout JSON-object lines match {@code predicate}; returns the first {@code count}. */
    public List<JsonNode> awaitJsonLines(Predicate<JsonNode> predicate, int count, Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        return awaitMatches((line, json) -> json != null && predicate.test(json) ? json : null,
                count, timeout, count + " matching JSON line(s)");
    }

    /** Writes one line to the process's stdin (a command for scripts that read them). */
    public void writeLine(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + label.trim() + describe(), e);
        }
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Node process did not exit within " + timeout + describe());
            }
            awaitStreamsDrained(Duration.ofSeconds(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the Node process", e);
        }
    }

    /** Destroys the process and its descendants; waits briefly for them to go. Idempotent. */
    @Override
    public void close() {
        destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the pipe is already gone with the process
        }
    }

    private void destroy() {
        // Children first: once the parent is gone its children are re-parented and harder to find.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
    }

    private <T> List<T> awaitMatches(LineMatcher<T> matcher, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<T> found = new ArrayList<>();
                for (int i = 0; i < stdout.size(); i++) {
                    T match = matcher.match(stdout.get(i), stdoutJson.get(i));
                    if (match != null) {
                        found.add(match);
                        if (found.size() == count) {
                            return found;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (openStreams == 0 || left <= 0) {
                    String why = openStreams == 0 ? "the process ended" : "timed out after " + timeout;
                    throw new AssertionError("waiting for " + what + " (found " + found.size() + "): "
                            + why + describeLocked());
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    private void awaitStreamsDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long left;
            while (openStreams > 0 && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private String describe() {
        synchronized (lock) {
            return describeLocked();
        }
    }

    private String describeLocked() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "\n" + label + state + "\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - 60);
        return (from > 0 ? "... (" + from + " earlier lines)\n" : "") + String.join("\n", lines.subList(from, lines.size()));
    }

    private static JsonNode parseObject(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void startReader(InputStream stream, List<String> sink, List<JsonNode> jsonSink, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println(label + name + ": " + abbreviate(line));
                    JsonNode json = jsonSink != null ? parseObject(line) : null;
                    synchronized (lock) {
                        sink.add(line);
                        if (jsonSink != null) {
                            jsonSink.add(json);
                        }
                        lock.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the stream closes when the process is destroyed
            } finally {
                synchronized (lock) {
                    openStreams--;
                    lock.notifyAll();
                }
            }
        }, label + name);
        reader.setDaemon(true);
        reader.start();
    }

    private static String abbreviate(String line) {
        return line.length() <= 2000 ? line : line.substring(0, 2000) + "... (" + line.length() + " chars)";
    }

    @FunctionalInterface
    private interface LineMatcher<T> {
        T match(String line, JsonNode json);
    }

    /**
     * Options of one Node process. Defaults: no arguments, the inherited environment, maximum
     * lifetime {@link NodeProcess#DEFAULT_MAX_LIFETIME}. Confined to the thread that builds it.
     */
    public static final class Builder {
        private final Path script;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

        private Builder(Path script) {
            this.script = Objects.requireNonNull(script, "script");
        }

        /** Appends command-line arguments after the script path. */
        public Builder args(String... values) {
            for (String value : values) {
                args.add(Objects.requireNonNull(value, "arg"));
            }
            return this;
        }

        /** Sets one environment variable (e.g. {@code DEBUG=engine*} for a failing run). */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The process is destroyed after this long whatever happens (positive). */
        public Builder maxLifetime(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive: " + value);
            }
            this.maxLifetime = value;
            return this;
        }

        /** Starts the process; fails fast when Node or the packages are missing. */
        public NodeProcess start() {
            NodeScripts.requireInstalled();
            List<String> command = new ArrayList<>();
            command.add(NodeScripts.nodeExecutable());
            command.add(script.toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(NodeScripts.jsDir().toFile());
            builder.environment().putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            NodeProcess node = new NodeProcess(process);
            CompletableFuture.delayedExecutor(maxLifetime.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (process.isAlive()) {
                    System.out.println(node.label + "destroyed after its maximum lifetime " + maxLifetime);
                    node.destroy();
                }
            });
            return node;
        }
    }
}
