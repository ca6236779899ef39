// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

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
import java.nio.file.Files;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one process runner of the tests: a command, a Java main or jar ({@link #java}), or a Node
 * script, started by a test. Its stdout and stderr lines are collected as they come (by two
 * daemon threads, and echoed to the test's output as {@code [name pid] out: ...}), stdout lines
 * that are JSON objects are parsed once, stdin takes lines, and every wait is bounded: it ends
 * with an {@link AssertionError} that quotes the output when the line does not come in time or
 * the process ends first (at once, not after the timeout).
 *
 * <p>Stopping touches only what this object started, by PID: {@link #stop()} sends SIGTERM and
 * waits, {@link #close()} kills the process's descendants and then the process itself, and an
 * optional {@linkplain Builder#maxLifetime maximum lifetime} kills both if the test forgot to. A test puts
 * each one in a try-with-resources or closes it in {@code @AfterEach}.
 *
 * <pre>{@code
 * try (ChildProcess cli = ChildProcess.start("alice", ChildProcess.java(ChildProcess.jar(jar), "--url", url))) {
 *     cli.awaitLine("connected");
 *     cli.writeLine("hello");
 *     cli.stop();                                   // SIGTERM, as Ctrl-C would
 * }
 * try (ChildProcess node = ChildProcess.builder("client", List.of("node", "driver.mjs")).directory(jsDir).start()) {
 *     JsonNode ready = node.awaitType("ready", Duration.ofSeconds(10));   // {"type":"ready",...}
 * }
 * }</pre>
 *
 * <p>Thread-safe: output may be read and awaited from any thread; stdin is written under a lock.
 */
public final class ChildProcess implements AutoCloseable {

    /** The system property holding the extra test JVM arguments, set by the build for every test JVM. */
    public static final String JVM_ARGS_PROPERTY = "sio4j.test.jvmArgs";

    /** How long the waits without a timeout argument last at most. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines kept in a failure message, from the end. */
    private static final int TAIL = 60;

    private final String name;
    private final Process process;
    private final String label;
    private final Writer stdin;
    private final Object lock = new Object();
    private final List<String> out = new ArrayList<>();
    /** Parsed once per stdout line, same index; null for lines that are not JSON objects. */
    private final List<JsonNode> outJson = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private int openStreams;

    private ChildProcess(String name, Process process, boolean merged) {
        this.name = name;
        this.process = process;
        this.label = "[" + name + " " + process.pid() + "] ";
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.openStreams = merged ? 1 : 2;
        read(process.getInputStream(), true);
        if (!merged) {
            read(process.getErrorStream(), false);
        }
    }

    /** Starts {@code command} with the defaults of {@link Builder}; {@code name} labels its output and failures. */
    public static ChildProcess start(String name, List<String> command) {
        return builder(name, command).start();
    }

    /** A builder for a process running {@code command} (the program, then its arguments). */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** {@code java -Xmx128m <launch> <args>} with this JVM's {@code java}; {@code launch} is {@link #jar} or {@link #main}. */
    public static List<String> java(List<String> launch, String... args) {
        List<String> command = new ArrayList<>(jvm());
        // Several JVMs share a small test machine: keep each child's heap small.
        command.add("-Xmx128m");
        command.addAll(launch);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * This JVM's {@code java} followed by the extra arguments the build gives every test JVM
     * ({@code -Dsio4j.test.jvmArgs="-Duser.language=tr -Duser.timezone=Pacific/Kiritimati"}), so
     * that a run under another locale or time zone reaches the child JVMs a test starts too.
     */
    public static List<String> jvm() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extra = System.getProperty(JVM_ARGS_PROPERTY, "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        return command;
    }

    /** {@code -jar jar}; the jar must exist (built by {@code package}, before failsafe runs). */
    public static List<String> jar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package its module first");
        }
        return List.of("-jar", jar.toString());
    }

    /** {@code mainClass} on this JVM's class path (usable before {@code package}, in surefire). */
    public static List<String> main(Class<?> mainClass) {
        return List.of("-cp", System.getProperty("java.class.path"), mainClass.getName());
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes {@code line} and a newline to the process's stdin. */
    public void writeLine(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line + "\n");
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + " no longer reads its input" + describe(), e);
        }
    }

    /** Ends the input (Ctrl-D). */
    public void endInput() throws IOException {
        synchronized (stdin) {
            stdin.close();
        }
    }

    /** The stdout lines so far (with stderr's when the builder merged them). */
    public List<String> lines() {
        synchronized (lock) {
            return List.copyOf(out);
        }
    }

    /** The stderr lines so far. */
    public List<String> errorLines() {
        synchronized (lock) {
            return List.copyOf(err);
        }
    }

    /** The stdout lines so far that are JSON objects, parsed (other lines are skipped). */
    public List<JsonNode> jsonLines() {
        synchronized (lock) {
            return outJson.stream().filter(Objects::nonNull).toList();
        }
    }

    /** Waits at most {@link #WAIT} for a stdout line equal to {@code line}. */
    public void awaitLine(String line) {
        awaitLine(line::equals, WAIT, "\"" + line + "\"");
    }

    /** Waits for a stdout line matching {@code predicate}; the first one since the start is returned. */
    public String awaitLine(Predicate<String> predicate, Duration timeout) {
        return awaitLine(predicate, timeout, "a matching line");
    }

    /** Waits at most {@link #WAIT} for a stdout line matching {@code regex}; returns its first group (the whole line if it has none). */
    public String awaitMatch(String regex) {
        return awaitMatch(regex, 1);
    }

    /** Waits at most {@link #WAIT} for the {@code n}-th (from 1) stdout line matching {@code regex}; returns its first group. */
    public String awaitMatch(String regex, int n) {
        Pattern p = Pattern.compile(regex);
        String line = awaitMatches((l, json) -> p.matcher(l).matches() ? l : null, n, WAIT, n + "× " + regex).get(n - 1);
        Matcher m = p.matcher(line);
        return m.matches() && m.groupCount() > 0 ? m.group(1) : line;
    }

    /** Waits for a stdout JSON-object line matching {@code predicate}; the first one since the start is returned. */
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

    /** Waits at most {@link #WAIT} for the process to exit by itself; its exit code. */
    public int awaitExit() {
        return awaitExit(WAIT);
    }

    /**
     * Waits for the process to exit by itself and for its output to be read to the end; its exit code.
     *
     * @throws AssertionError quoting the output when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new AssertionError(name + " did not exit within " + timeout + describe());
        }
        awaitStreamsDrained(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /**
     * Asks the process to stop (SIGTERM on Unix), as Ctrl-C would, and waits at most {@link #WAIT}
     * for it. Its output keeps being read until it is gone: the signal goes through the process
     * handle, since {@link Process#destroy()} would also close this side of the pipes.
     */
    public void stop() {
        stop(WAIT);
    }

    /** As {@link #stop()}, waiting at most {@code timeout}. */
    public void stop(Duration timeout) {
        terminate();
        if (!waitFor(timeout)) {
            throw new AssertionError(name + " did not stop on SIGTERM within " + timeout + describe());
        }
    }

    /**
     * Sends SIGTERM and returns at once, for a test that watches what the process does while it
     * shuts down; {@link #awaitExit(Duration)} then waits for the end.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Kills the process's descendants and then the process (SIGKILL) if it still runs, and waits briefly. Idempotent. */
    @Override
    public void close() {
        kill();
        if (!waitFor(Duration.ofSeconds(5))) {
            System.out.println(label + "still running 5 s after SIGKILL");
        }
    }

    /** The process's state and the last lines of its stdout and stderr, for failure messages. */
    public String describe() {
        synchronized (lock) {
            String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
            return "\n" + label + state + "\n--- stdout ---\n" + tail(out) + "\n--- stderr ---\n" + tail(err);
        }
    }

    @Override
    public String toString() {
        return label + lines();
    }

    private void kill() {
        // Descendants first: once the parent is gone they are re-parented and no longer found from it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    private String awaitLine(Predicate<String> predicate, Duration timeout, String what) {
        Objects.requireNonNull(predicate, "predicate");
        return awaitMatches((line, json) -> predicate.test(line) ? line : null, 1, timeout, what).get(0);
    }

    private <T> List<T> awaitMatches(LineMatcher<T> matcher, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<T> found = new ArrayList<>();
                for (int i = 0; i < out.size() && found.size() < count; i++) {
                    T match = matcher.match(out.get(i), outJson.get(i));
                    if (match != null) {
                        found.add(match);
                    }
                }
                if (found.size() == count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (openStreams == 0 || left <= 0) {
                    String why = openStreams == 0 ? "the process ended" : "timed out after " + timeout;
                    throw new AssertionError(name + ": waiting for " + what + " (found " + found.size() + "): " + why + describe());
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

    private void awaitStreamsDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long left;
            while (openStreams > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - TAIL);
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

    private void read(InputStream stream, boolean stdout) {
        String streamName = stdout ? "out" : "err";
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println(label + streamName + ": " + abbreviate(line));
                    JsonNode json = stdout ? parseObject(line) : null;
                    synchronized (lock) {
                        if (stdout) {
                            out.add(line);
                            outJson.add(json);
                        } else {
                            err.add(line);
                        }
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; the lines read so far stay
            } finally {
                synchronized (lock) {
                    openStreams--;
                    lock.notifyAll();
                }
            }
        }, label + streamName);
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
     * Options of one process. Defaults: the test JVM's working directory and environment, stdout
     * and stderr apart, no maximum lifetime (a server shared by a test class lives as long as the
     * class runs). Confined to the thread that builds it.
     */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path directory;
        private boolean mergeErrors;
        private Duration maxLifetime;

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.command = new ArrayList<>(command);
            if (this.command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
        }

        /** Appends arguments to the command. */
        public Builder args(String... values) {
            for (String value : values) {
                command.add(Objects.requireNonNull(value, "arg"));
            }
            return this;
        }

        /** The working directory of the process. */
        public Builder directory(Path value) {
            this.directory = Objects.requireNonNull(value, "directory");
            return this;
        }

        /** Sets one environment variable (e.g. {@code DEBUG=engine*} for a failing run). */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the environment variables of {@code values}. */
        public Builder env(Map<String, String> values) {
            values.forEach(this::env);
            return this;
        }

        /** Stderr lines go with stdout's, in the order the process wrote them ({@link #errorLines()} stays empty). */
        public Builder mergeErrors() {
            this.mergeErrors = true;
            return this;
        }

        /** The process and its descendants are killed after this long whatever happens (positive). */
        public Builder maxLifetime(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive: " + value);
            }
            this.maxLifetime = value;
            return this;
        }

        /**
         * Starts the process.
         *
         * @throws UncheckedIOException when it cannot be started (no such program)
         */
        public ChildProcess start() {
            ProcessBuilder builder = new ProcessBuilder(List.copyOf(command)).redirectErrorStream(mergeErrors);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + command, e);
            }
            ChildProcess child = new ChildProcess(name, process, mergeErrors);
            Duration lifetime = maxLifetime;
            if (lifetime != null) {
                CompletableFuture.delayedExecutor(lifetime.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    if (process.isAlive()) {
                        System.out.println(child.label + "killed after its maximum lifetime " + lifetime);
                        child.kill();
                    }
                });
            }
            return child;
        }
    }
}
