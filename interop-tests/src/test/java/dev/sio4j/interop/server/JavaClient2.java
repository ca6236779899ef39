// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One socket.io-client-java 2.x socket (io.socket:socket.io-client, what most Android apps ship)
 * on one namespace, recording what it receives so that a test can wait for it with a bound.
 *
 * <p>The old client runs every listener and ack on its one JVM-wide "EventThread"; the queues here
 * hand the arguments to the test thread. Thread-safe.
 */
final class JavaClient2 implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    private final Socket socket;
    private final Map<String, BlockingQueue<Object[]>> events = new ConcurrentHashMap<>();
    private final List<String> transports = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Object> connectError = new CompletableFuture<>();

    private JavaClient2(Socket socket) {
        this.socket = socket;
    }

    /** Options for one mode: transports, upgrade, no reconnection, and the test's own OkHttp client. */
    static IO.Options options(TransportMode mode, OkHttpClient http, Map<String, String> auth) {
        IO.Options o = new IO.Options();
        o.transports = switch (mode) {
            case WEBSOCKET -> new String[] {"websocket"};
            case POLLING -> new String[] {"polling"};
            case POLLING_WITH_UPGRADE -> new String[] {"polling", "websocket"};
        };
        o.upgrade = mode == TransportMode.POLLING_WITH_UPGRADE;
        o.forceNew = true;
        o.reconnection = false;
        o.callFactory = http;
        o.webSocketFactory = http;
        o.auth = auth;
        return o;
    }

    static URI uri(InetSocketAddress address, String namespace) {
        return URI.create("http://127.0.0.1:" + address.getPort() + namespace);
    }

    /** A new connection to {@code namespace}, connecting now; {@code events} are recorded from the start. */
    static JavaClient2 connect(URI uri, IO.Options options, String... events) {
        return attach(IO.socket(uri, options), events);
    }

    /** Another namespace on this client's connection (socket.io multiplexing). */
    JavaClient2 sibling(String namespace, IO.Options options, String... events) {
        return attach(socket.io().socket(namespace, options), events);
    }

    private static JavaClient2 attach(Socket socket, String... names) {
        JavaClient2 client = new JavaClient2(socket);
        socket.io().on(Manager.EVENT_TRANSPORT, args ->
                client.transports.add(((io.socket.engineio.client.Transport) args[0]).name));
        for (String name : names) {
            BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
            client.events.put(name, queue);
            socket.on(name, queue::add);
        }
        socket.on(Socket.EVENT_CONNECT, args -> client.connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> client.connectError.complete(args.length > 0 ? args[0] : null));
        socket.connect();
        return client;
    }

    Socket socket() {
        return socket;
    }

    /** Waits for the namespace's CONNECT and returns the socket id the server gave. */
    String awaitConnect() throws Exception {
        connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return socket.id();
    }

    /** Waits for the CONNECT_ERROR and returns its argument (a JSONObject {message, data}). */
    Object awaitConnectError() throws Exception {
        return connectError.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The arguments of the next {@code event} received (registered when created). */
    Object[] awaitEvent(String event) throws InterruptedException {
        Object[] args = events.get(event).poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (args == null) {
            throw new AssertionError("no \"" + event + "\" within " + WAIT_SECONDS + " s");
        }
        return args;
    }

    /** How many {@code event}s arrived and were not awaited yet. */
    int pending(String event) {
        return events.get(event).size();
    }

    /** Emits with an ack; the future completes with the ack's arguments. */
    CompletableFuture<Object[]> emitWithAck(String event, Object... args) {
        CompletableFuture<Object[]> reply = new CompletableFuture<>();
        socket.emit(event, args, (Ack) reply::complete);
        return reply;
    }

    /** The names of the transports the engine took, in order ("polling", then "websocket" on upgrade). */
    List<String> transports() {
        return List.copyOf(transports);
    }

    @Override
    public void close() {
        socket.close();
    }
}
