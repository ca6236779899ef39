// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** sio4j Java clients of one test, closed together. Thread-safe. */
final class Clients implements AutoCloseable {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A client of {@code namespace} on {@code port}, not yet connected. */
    Socket client(int port, String namespace, Consumer<ClientOptions.Builder> options) {
        ClientOptions.Builder b = ClientOptions.builder().autoConnect(false).reconnection(false);
        options.accept(b);
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + port + namespace), b.build());
        sockets.add(s);
        return s;
    }

    /** A connected client of {@code namespace}. */
    Socket connected(int port, String namespace) throws Exception {
        Socket s = client(port, namespace, b -> { });
        connect(s).get(10, TimeUnit.SECONDS);
        return s;
    }

    /** Connects; completes once connected, fails with the connect_error. */
    static CompletableFuture<Void> connect(Socket s) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        s.on("connect", () -> connected.complete(null));
        s.on("connect_error", args -> connected.completeExceptionally((ConnectError) args[0]));
        s.connect();
        return connected;
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        for (Socket s : sockets) {
            try {
                s.io().shutdown().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while closing clients", e);
            }
        }
    }
}
