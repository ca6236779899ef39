// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code node src/test/js/<script>} process of a test: its stdout JSON lines are collected and
 * can be awaited (bounded, never by sleeping), stdin takes command lines. The scripts bound
 * their own lifetime; {@link #close()} destroys the process and its children by PID.
 *
 * <p>Thread-safe: two reader threads feed the line lists under one lock.
 */
final class NodeRunner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private int openStreams = 2;

    private NodeRunner(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        read(process.getInputStream(), out, "stdout");
        read(process.getErrorStream(), err, "stderr");
    }

    /** The chat module's directory (its node_modules resolve from src/test/js). */
    static Path moduleDir() {
        return Path.of(System.getProperty("chat.moduleDir", ".")).toAbsolutePath().normalize();
    }

    /** Starts {@code node src/test/js/<script> args...}. */
    static NodeRunner start(String script, String... args) {
        Path js = moduleDir().resolve("src/test/js").resolve(script);
        if (!Files.isRegularFile(js) || !Files.isDirectory(moduleDir().resolve("node_modules/socket.io-client"))) {
            throw new IllegalStateException("missing " + js + " or node_modules (the build runs npm ci)");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("chat.node", "node"), js.toString()));
        command.addAll(List.of(args));
        try {
            return new NodeRunner(new ProcessBuilder(command).directory(js.getParent().toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the first stdout JSON object matching {@code predicate}. */
    JsonNode await(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                for (String line : out) {
                    JsonNode json = parse(line);
                    if (json != null && predicate.test(json)) {
                        return json;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || openStreams == 0) {
                    throw new AssertionError((left <= 0 ? "timed out after " + timeout : "node ended") + describe());
                }
                try {
                    out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits for a stdout JSON object whose {@code type} is {@code type}. */
    JsonNode awaitType(String type, Duration timeout) {
        return await(j -> type.equals(j.path("type").asText()), timeout);
    }

    /** Every stdout JSON object so far. */
    List<JsonNode> json() {
        synchronized (out) {
            return out.stream().map(NodeRunner::parse).filter(j -> j != null).toList();
        }
    }

    void writeLine(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node's stdin is closed" + describe(), e);
        }
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit within " + timeout + describe());
        }
        return process.exitValue();
    }

    String describe() {
        synchronized (out) {
            return "\n--- node stdout ---\n" + String.join("\n", out) + "\n--- node stderr ---\n"
                    + String.join("\n", err.subList(Math.max(0, err.size() - 40), err.size()));
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private void read(InputStream stream, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("[node " + process.pid() + " " + name + "] " + line);
                    synchronized (out) {
                        sink.add(line);
                        out.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            } finally {
                synchronized (out) {
                    openStreams--;
                    out.notifyAll();
                }
            }
        }, "node-" + name);
        t.setDaemon(true);
        t.start();
    }
}
