// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the runner started (a server under test, or a driver), its output going to a log
 * file rather than to a pipe: a chat that logs every one of 19,000 connections must not be slowed
 * by a reader, nor make the runner hold its output in memory. Ended by its own PID only.
 *
 * <p>Not thread-safe: driven by the runner's thread (plus its shutdown hook, which only kills).
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} with stdout and stderr into {@code log}. */
    static ServerProcess start(String name, List<String> command, Path dir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ServerProcess sp = new ServerProcess(name, p, log);
            Children.add(sp);
            return sp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits until the process printed its {@code http://127.0.0.1:PORT/} URL; returns it. */
    String awaitUrl(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(output());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " printed no URL within " + timeout + ": " + tail());
    }

    /** Waits for the process to exit by itself; false (and killed) when it did not within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        close();
        return false;
    }

    long pid() {
        return process.pid();
    }

    /** Everything it printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines it printed, for error messages. */
    String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Asks it to stop (SIGTERM), waits up to 15 s, then kills it (SIGKILL). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Children.remove(this);
    }

    /** Kills it at once if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        Children.remove(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
