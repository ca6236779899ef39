// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A child process driven by a test: its stdout and stderr lines are collected as they come (by
 * two daemon threads), stdin is written line by line, and every wait is bounded by
 * {@link #WAIT}. {@link #close()} kills it if it is still running, so a test puts each one in a
 * try-with-resources or closes it in {@code @AfterEach}.
 *
 * <pre>{@code
 * try (ChildProcess cli = ChildProcess.start("alice", ChildProcess.java(ChildProcess.jar(jar), "--url", url))) {
 *     cli.awaitLine("connected");
 *     cli.type("hello");
 *     cli.stop();                                   // SIGTERM, as Ctrl-C would
 * }
 * }</pre>
 *
 * <p>Thread-safe (the line lists are copy-on-write; stdin is written by one test thread).
 */
public final class ChildProcess implements AutoCloseable {

    /** The system property holding the extra test JVM arguments, set by the build for every test JVM. */
    public static final String JVM_ARGS_PROPERTY = "sio4j.test.jvmArgs";

    /** How long every wait of this class lasts at most. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), out, name + "-out");
        drain(process.getErrorStream(), err, name + "-err");
    }

    /** Starts {@code command}; {@code name} labels its reader threads and failure messages. */
    public static ChildProcess start(String name, List<String> command) {
        Objects.requireNonNull(name, "name");
        try {
            return new ChildProcess(name, new ProcessBuilder(List.copyOf(command)).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
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

    private static void drain(InputStream stream, List<String> lines, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; the lines read so far stay
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Types {@code line} (and a newline). */
    public void type(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " no longer reads its input", e);
        }
    }

    /** Ends the input (Ctrl-D). */
    public void endInput() throws IOException {
        stdin.close();
    }

    /** The stdout lines so far. */
    public List<String> lines() {
        return List.copyOf(out);
    }

    /** The stderr lines so far. */
    public List<String> errorLines() {
        return List.copyOf(err);
    }

    /** Waits for a stdout line equal to {@code line}. */
    public void awaitLine(String line) {
        awaitLine(line::equals, "\"" + line + "\"");
    }

    /** Waits for a stdout line matching {@code regex}; returns its first group (the whole line if it has none). */
    public String awaitMatch(String regex) {
        Pattern p = Pattern.compile(regex);
        String line = awaitLine(l -> p.matcher(l).matches(), regex);
        Matcher m = p.matcher(line);
        return m.matches() && m.groupCount() > 0 ? m.group(1) : line;
    }

    /** Waits for the {@code n}-th (from 1) stdout line matching {@code regex}; returns its first group. */
    public String awaitMatch(String regex, int n) {
        Pattern p = Pattern.compile(regex);
        until(() -> out.stream().filter(l -> p.matcher(l).matches()).count() >= n, n + "× " + regex);
        Matcher m = p.matcher(out.stream().filter(l -> p.matcher(l).matches()).skip(n - 1).findFirst().orElseThrow());
        return m.matches() && m.groupCount() > 0 ? m.group(1) : m.group();
    }

    private String awaitLine(Predicate<String> test, String what) {
        until(() -> out.stream().anyMatch(test), what);
        return out.stream().filter(test).findFirst().orElseThrow();
    }

    private void until(Callable<Boolean> condition, String what) {
        try {
            await().atMost(WAIT).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not print " + what + " within " + WAIT
                    + "; stdout: " + out + "; stderr: " + err, e);
        }
    }

    /** Asks the process to stop (SIGTERM on Unix), as Ctrl-C would, and waits for it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not stop on SIGTERM");
        }
    }

    /** Waits for the process to exit by itself; its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not exit; stdout " + out + ", stderr " + err);
        }
        return process.exitValue();
    }

    /**
     * The process's handle: {@code handle().destroy()} sends SIGTERM without waiting (and, unlike
     * {@code Process.destroy()}, leaves the output readable), {@code handle().onExit()} its end.
     */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Kills the process (SIGKILL) if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " " + out;
    }
}
