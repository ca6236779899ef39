// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.awaitility.Awaitility.await;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.IO;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What the ported socket.io-client suite tests share: one server of the {@code client} profile
 * per class (Node or sio4j, chosen by the subclass) behind a {@link TcpProxy}, a client runtime
 * per test, and every manager a test made closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SuiteSupport {

    static final Duration WAIT = Duration.ofSeconds(15);

    private SuiteServer server;
    TcpProxy proxy;
    ClientRuntime runtime;
    private final List<Manager> managers = new ArrayList<>();

    /** Starts the server this class runs against. */
    abstract SuiteServer startServer() throws Exception;

    @BeforeAll
    void startAll() throws Exception {
        server = startServer();
        proxy = new TcpProxy(server.port());
    }

    @AfterAll
    void stopAll() {
        proxy.close();
        server.close();
    }

    @BeforeEach
    void newRuntime() {
        runtime = ClientRuntime.create(1);
    }

    @AfterEach
    void closeClients() {
        managers.forEach(Manager::close);
        managers.clear();
        runtime.close();
    }

    String url() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /** forceNew and this test's runtime. */
    ClientOptions.Builder options() {
        return ClientOptions.builder().runtime(runtime).forceNew(true);
    }

    Socket socket(String pathAndQuery, ClientOptions options) {
        Socket s = IO.socket(URI.create(url() + pathAndQuery), options);
        managers.add(s.io());
        return s;
    }

    Socket socket(String pathAndQuery) {
        return socket(pathAndQuery, options().build());
    }

    Manager manager(ClientOptions options) {
        Manager m = IO.manager(URI.create(url()), options);
        managers.add(m);
        return m;
    }

    Manager manager(String url, ClientOptions options) {
        Manager m = IO.manager(URI.create(url), options);
        managers.add(m);
        return m;
    }

    Socket connected(Socket s) {
        await().atMost(WAIT).until(s::connected);
        return s;
    }

    static CompletableFuture<Object[]> next(Socket s, String event) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        s.once(event, f::complete);
        return f;
    }

    static CompletableFuture<Object[]> next(Manager m, String event) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        m.once(event, f::complete);
        return f;
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
