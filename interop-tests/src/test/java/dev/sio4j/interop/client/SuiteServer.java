package dev.sio4j.interop.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server with the contract of the conformance app's {@code client} profile (socket.io-client's
 * own test server): the official socket.io 4.8 in Node (js/client/server.mjs), or sio4j's
 * conformance app ({@code examples/conformance/target/sio4j-conformance.jar --profile client}).
 *
 * <p>Not thread-safe; one per test class.
 */
interface SuiteServer extends AutoCloseable {

    /** The port on 127.0.0.1. */
    int port();

    @Override
    void close();

    /** The official server in Node. */
    static SuiteServer node() {
        NodeServer node = new NodeServer("{}");
        int port = Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
        return new SuiteServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }

    /**
     * The sio4j conformance app's jar in a JVM of its own.
     *
     * @throws IllegalStateException when the jar was not built (build examples/conformance first)
     */
    static SuiteServer sio4jConformance() throws IOException {
        Path jar = Path.of(System.getProperty("user.dir")).resolve("../examples/conformance/target/sio4j-conformance.jar")
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (mvn -pl examples/conformance -am package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "--port", "0", "--profile", "client"))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String prefix = "sio4j-conformance listening on http://127.0.0.1:";
        String ready;
        try {
            ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith(prefix)) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("conformance app did not start", e);
        }
        if (ready == null) {
            process.destroyForcibly();
            throw new IllegalStateException("conformance app exited before it was ready");
        }
        // keep draining its output so that it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // process ended
            }
        }, "conformance-output");
        drain.setDaemon(true);
        drain.start();
        int port = Integer.parseInt(ready.substring(prefix.length()).split(" ")[0]);
        return new SuiteServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        };
    }
}
