// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterEach;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Starts a real server on 127.0.0.1:0 per test and closes it and every test client after. */
abstract class ServerTestBase {

    /** For the JSON in hand-written packets. */
    static final ObjectMapper JSON = new ObjectMapper();

    protected SocketIoServer io;
    protected InetSocketAddress address;
    private final List<RawWebSocket> clients = new ArrayList<>();

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

    protected RawWebSocket client() {
        RawWebSocket c = RawWebSocket.socketIo(address);
        clients.add(c);
        return c;
    }

    protected RawWebSocket client(String query) {
        RawWebSocket c = RawWebSocket.socketIo(address, io.options().path(), query);
        clients.add(c);
        return c;
    }

    /** A client already connected to the main namespace. */
    protected RawWebSocket connected() {
        RawWebSocket c = client();
        c.connectNs("/", null);
        return c;
    }

    @AfterEach
    void stopServer() {
        clients.forEach(RawWebSocket::close);
        if (io != null) {
            io.closeAsync().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
