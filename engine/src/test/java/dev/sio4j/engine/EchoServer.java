// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real engine server on 127.0.0.1:0 that echoes every message, as the conformance app's
 * {@code /engine.io/} does, with the protocol suite's timings. Records every close. For tests.
 */
final class EchoServer implements AutoCloseable {

    record Closed(String sid, CloseReason reason, String description) {
    }

    final EngineServer server;
    final InetSocketAddress address;
    final BlockingQueue<EngineSocket> connections = new LinkedBlockingQueue<>();
    final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
    final java.util.Map<String, Closed> closesBySid = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Map<String, EngineSocket> socketsBySid = new java.util.concurrent.ConcurrentHashMap<>();

    EchoServer() {
        this(b -> b);
    }

    EchoServer(UnaryOperator<EngineOptions.Builder> tweak) {
        EngineOptions.Builder b = EngineOptions.builder()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .ioThreads(2);
        server = EngineServer.create(tweak.apply(b).build(), socket -> {
            connections.add(socket);
            socketsBySid.put(socket.id(), socket);
            socket.setListener(new EngineSocket.Listener() {
                @Override
                public void onMessage(String text) {
                    socket.send(text);
                }

                @Override
                public void onBinary(byte[] data) {
                    socket.send(data);
                }

                @Override
                public void onClose(CloseReason reason, String description) {
                    Closed c = new Closed(socket.id(), reason, description);
                    closes.add(c);
                    closesBySid.put(socket.id(), c);
                }
            });
        });
        address = server.listen("127.0.0.1", 0).join();
    }

    String url(String query) {
        return "http://127.0.0.1:" + address.getPort() + "/engine.io/?" + query;
    }

    /** The polling URL of session {@code sid}. */
    /** Opens a polling session and returns its sid. */
    String openPolling() throws Exception {
        return RawClient.shared().openPolling(url("EIO=4&transport=polling"));
    }

    String pollUrl(String sid) {
        return url("EIO=4&transport=polling&sid=" + sid);
    }

    String wsUrl(String query) {
        return "ws://127.0.0.1:" + address.getPort() + "/engine.io/?" + query;
    }

    Closed nextClose() throws InterruptedException {
        Closed c = closes.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no session closed within 5 s");
        }
        return c;
    }

    /** Waits (at most 5 s) for the session {@code sid} to close. */
    Closed closeOf(String sid) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> closesBySid.containsKey(sid));
        return closesBySid.get(sid);
    }

    /**
     * The server side of session {@code sid}, waiting (at most 5 s) for the connection callback,
     * which runs just after the handshake answer was written, as in engine.io.
     */
    EngineSocket socketOf(String sid) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> socketsBySid.containsKey(sid));
        return socketsBySid.get(sid);
    }

    @Override
    public void close() {
        server.close().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
