// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package, which {@code .ci/run} installs) started by a
 * test on a free loopback port, with nothing persisted. It can be stopped and started again on
 * the same port, which is how the fault tests restart Redis under a running cluster.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 *     redis.stop();          // Redis goes away mid-stream
 *     redis.startAgain();    // and comes back, empty, on the same port
 * }
 * }</pre>
 *
 * <p>Not thread-safe: driven by one test thread.
 */
public final class RedisServer implements AutoCloseable {

    /** Where Debian puts the server; {@code -Dsio4j.redisServer=...} points elsewhere. */
    public static final String EXECUTABLE = System.getProperty("sio4j.redisServer", "/usr/bin/redis-server");

    private static final int ATTEMPTS = 5;

    private final int port;
    private ChildProcess process;
    private int starts;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port; a port taken in between by someone else is retried. */
    public static RedisServer start() {
        if (!Files.isExecutable(Path.of(EXECUTABLE))) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's redis-server (.ci/run does)");
        }
        IllegalStateException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            RedisServer server = new RedisServer(freePort());
            try {
                server.startAgain();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)starts the server on its port, empty; returns when it accepts connections. */
    public void startAgain() {
        if (process != null) {
            throw new IllegalStateException("redis-server is running; stop() it first");
        }
        starts++;
        ChildProcess p = ChildProcess.start("redis-" + port + "-" + starts, List.of(EXECUTABLE,
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--daemonize", "no", "--loglevel", "notice", "--logfile", ""));
        try {
            p.awaitMatch(".*Ready to accept connections.*");
        } catch (AssertionError e) {
            p.close();
            throw new IllegalStateException("redis-server did not start on port " + port + ": " + p, e);
        }
        process = p;
    }

    /** Stops the server (SIGTERM) and waits until it is gone; clients see their connections drop. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.close();
            // SIGKILL'd: what it printed is read to the end
            process.awaitExit();
            process = null;
        }
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return process != null;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** What the server printed so far (for failure messages). */
    public List<String> output() {
        return process == null ? List.of() : process.lines();
    }

    /** Kills the server if it still runs. */
    @Override
    public void close() {
        kill();
    }
}
