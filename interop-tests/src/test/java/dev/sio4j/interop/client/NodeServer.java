// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import dev.sio4j.interop.node.NodeScripts;
import dev.sio4j.testsupport.ChildProcess;
import java.time.Duration;

/**
 * The official socket.io 4.8 server (js/client/server.mjs, the `client` profile contract) in a
 * Node process. Restartable on the same port, for reconnection tests. Not thread-safe.
 */
final class NodeServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final String optionsJson;
    private ChildProcess process;
    private int port;

    NodeServer(String optionsJson) {
        this.optionsJson = optionsJson;
        NodeScripts.requireInstalled();
        start(0);
    }

    private void start(int onPort) {
        process = NodeScripts.node(NodeScripts.script("client/server.mjs"))
                .args(String.valueOf(onPort), optionsJson).start();
        port = process.awaitType("ready", WAIT).path("port").asInt();
    }

    ChildProcess process() {
        return process;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Kills the server process (no goodbye to the clients). */
    void kill() {
        process.close();
    }

    /** Starts a fresh server on the port the first one was given. */
    void restart() {
        start(port);
    }

    void command(String json) {
        process.writeLine(json);
    }

    @Override
    public void close() {
        process.close();
    }
}
