// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import org.junit.jupiter.api.AfterEach;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Starts a real server on 127.0.0.1:0 per test and closes it and every test client after. */
abstract class ServerTestBase {

    protected SocketIoServer io;
    protected InetSocketAddress address;
    private final List<TestClient> clients = new ArrayList<>();

    protected SocketIoServer start(Consumer<SocketIoServer.Builder> config) {
        SocketIoServer.Builder b = SocketIoServer.builder().pingInterval(Duration.ofSeconds(20));
        config.accept(b);
        io = b.build();
        return io;
    }

    protected InetSocketAddress listen() {
        try {
            address = io.listen("127.0.0.1", 0);
        } catch (java.net.BindException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return address;
    }

    protected TestClient client() {
        TestClient c = TestClient.connect(address);
        clients.add(c);
        return c;
    }

    protected TestClient client(String query) {
        TestClient c = TestClient.connect(address, io.options().path(), query);
        clients.add(c);
        return c;
    }

    /** A client already connected to the main namespace. */
    protected TestClient connected() {
        TestClient c = client();
        c.connectNs("/", null);
        return c;
    }

    @AfterEach
    void stopServer() {
        clients.forEach(TestClient::close);
        if (io != null) {
            io.closeAsync().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
