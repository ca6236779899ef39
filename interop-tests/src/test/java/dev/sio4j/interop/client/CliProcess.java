package dev.sio4j.interop.client;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The terminal chat client ({@code java -jar <jar> <args>}) as a child process: its stdout lines
 * are collected as they come, stdin is written line by line, and {@link #close()} kills it if it is still running.
 *
 * <p>Test support; thread-safe (the line lists are copy-on-write).
 */
final class CliProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private CliProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), out, name + "-out");
        drain(process.getErrorStream(), err, name + "-err");
    }

    /** Starts {@code jar}, which must exist (it is built by {@code package}, before this test). */
    static CliProcess start(String name, Path jar, String... args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package its module first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        try {
            return new CliProcess(name, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    void type(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " no longer reads its input", e);
        }
    }

    /** Ends the input (Ctrl-D). */
    void endInput() throws IOException {
        stdin.close();
    }

    List<String> lines() {
        return List.copyOf(out);
    }

    /** Waits for an output line equal to {@code line}. */
    void awaitLine(String line) {
        awaitLine(line::equals, "\"" + line + "\"");
    }

    /** Waits for an output line matching {@code regex}; returns its first group. */
    String awaitMatch(String regex) {
        Pattern p = Pattern.compile(regex);
        String line = awaitLine(l -> p.matcher(l).matches(), regex);
        Matcher m = p.matcher(line);
        return m.matches() && m.groupCount() > 0 ? m.group(1) : line;
    }

    /** Waits for the {@code n}-th (from 1) output line matching {@code regex}; returns its first group. */
    String awaitMatch(String regex, int n) {
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

    /** Asks the process to stop (SIGTERM), as Ctrl-C would, and waits for it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not stop on SIGTERM");
        }
    }

    /** Waits for the process to exit by itself; its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not exit; stdout " + out + ", stderr " + err);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " " + out;
    }
}
