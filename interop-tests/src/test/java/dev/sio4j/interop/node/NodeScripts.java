// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.node;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the interop tests' Node project lives and how to name its scripts.
 *
 * <p>The Node project is {@code interop-tests/js}: its {@code package.json} pins the official
 * packages (socket.io-client, socket.io, engine.io-client) and the Maven build installs them
 * with {@code npm ci} before the tests run. Surefire passes its absolute path as the system
 * property {@code sio4j.interop.jsDir}; when that is absent (a test started from an IDE) the
 * module directory's {@code js} folder is used. {@code sio4j.interop.node} overrides the
 * {@code node} executable found on the PATH.
 *
 * <pre>{@code
 * Path script = NodeScripts.script("official-client/driver.mjs");   // interop-tests/js/official-client/driver.mjs
 * try (ChildProcess node = NodeScripts.node(script).args("http://127.0.0.1:" + port).start()) {
 *     JsonNode connected = node.awaitType("connect", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Convention for scripts: one JSON object per stdout line, with a {@code "type"} field naming
 * what happened ({@code {"type":"ready"}}); everything else (debug output) goes to stderr.
 * Scripts bound themselves with a timer that exits the process; {@link #MAX_LIFETIME} is the
 * backstop.
 *
 * <p>Stateless; thread-safe.
 */
public final class NodeScripts {

    /** A Node process is killed after this long even if the test forgot it. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(120);

    private NodeScripts() {
    }

    /**
     * A process running {@code node script args...} in {@link #jsDir()} (so that the official
     * packages resolve), with the {@link #MAX_LIFETIME} backstop; more arguments and environment
     * variables may follow on the builder.
     *
     * @throws IllegalStateException when the Node packages are not installed
     */
    public static ChildProcess.Builder node(Path script, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add(nodeExecutable());
        command.add(script.toString());
        command.addAll(List.of(args));
        return ChildProcess.builder("node " + script.getFileName(), command).directory(jsDir()).maxLifetime(MAX_LIFETIME);
    }

    /** Starts {@code node script args...} with the defaults of {@link #node}. */
    public static ChildProcess start(Path script, String... args) {
        return node(script, args).start();
    }

    /** The Node project directory, {@code interop-tests/js}; Node processes run with it as cwd. */
    public static Path jsDir() {
        String configured = System.getProperty("sio4j.interop.jsDir");
        Path dir = configured != null ? Path.of(configured) : Path.of("js");
        return dir.toAbsolutePath().normalize();
    }

    /**
     * A script under {@link #jsDir()}, by its path relative to it.
     *
     * @throws IllegalStateException when the file does not exist (a typo should fail loudly)
     */
    public static Path script(String relativePath) {
        Path path = jsDir().resolve(relativePath).normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no Node script at " + path);
        }
        return path;
    }

    /** The {@code node} executable: the {@code sio4j.interop.node} property, else {@code node} on the PATH. */
    public static String nodeExecutable() {
        return System.getProperty("sio4j.interop.node", "node");
    }

    /**
     * Fails with a clear message when {@code npm ci} has not installed the Node project
     * (e.g. a test run with {@code -Dsio4j.npm.skip=true} on a fresh checkout).
     */
    public static void requireInstalled() {
        Path marker = jsDir().resolve("node_modules").resolve("socket.io-client").resolve("package.json");
        if (!Files.isRegularFile(marker)) {
            throw new IllegalStateException("Node packages are not installed in " + jsDir()
                    + ": run the Maven build (npm ci runs in generate-test-resources)");
        }
    }
}
