// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Path;

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
        return on(port, node::close);
    }

    /**
     * The sio4j conformance app's jar in a JVM of its own.
     *
     * @throws IllegalStateException when the jar was not built (build examples/conformance first)
     */
    static SuiteServer sio4jConformance() {
        Path jar = Path.of(System.getProperty("user.dir")).resolve("../examples/conformance/target/sio4j-conformance.jar")
                .normalize();
        ChildProcess app = ChildProcess.start("sio4j-conformance",
                ChildProcess.java(ChildProcess.jar(jar), "--port", "0", "--profile", "client"));
        int port;
        try {
            port = Integer.parseInt(app.awaitMatch("sio4j-conformance listening on http://127\\.0\\.0\\.1:(\\d+)\\b.*"));
        } catch (RuntimeException | AssertionError e) {
            app.close();
            throw e;
        }
        return on(port, () -> {
            try {
                app.stop();
            } finally {
                app.close();
            }
        });
    }

    private static SuiteServer on(int port, Runnable close) {
        return new SuiteServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
