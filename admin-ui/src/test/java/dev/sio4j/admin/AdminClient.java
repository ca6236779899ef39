// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of the admin namespace that connects as the admin UI does (auth object with
 * username/password or sessionId, no reconnection) and records every event it receives.
 */
final class AdminClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received event: its name and arguments as JSON. */
    record Event(String name, List<JsonNode> args) {
        JsonNode arg(int i) {
            return args.get(i);
        }
    }

    final Socket socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();

    private AdminClient(Socket socket) {
        this.socket = socket;
        socket.onAny((event, args) -> events.add(new Event(event, json(args))));
        socket.on("connect", () -> events.add(new Event("connect", List.of())));
        socket.on("connect_error", args -> events.add(new Event("connect_error", json(args))));
        socket.on("disconnect", args -> events.add(new Event("disconnect", json(args))));
    }

    static AdminClient connect(InetSocketAddress server, String nsp, Map<String, Object> auth) {
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + server.getPort() + nsp), ClientOptions.builder()
                .auth(auth).reconnection(false).forceNew(true).build());
        AdminClient c = new AdminClient(s);
        s.connect();
        return c;
    }

    private static List<JsonNode> json(Object[] args) {
        List<JsonNode> out = new ArrayList<>();
        for (Object a : args) {
            out.add(a instanceof JsonNode j ? j
                    : a instanceof Throwable t ? JSON.createObjectNode().put("message", t.getMessage())
                    : JSON.valueToTree(a));
        }
        return out;
    }

    /** The next event named {@code name} that {@code test} accepts (others are kept in {@link #seen()}). */
    Event await(String name, Predicate<Event> test) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e;
            try {
                e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ie);
            }
            if (e == null) {
                throw new AssertionError("no \"" + name + "\" event within " + WAIT + "; got " + names());
            }
            seen.add(e);
            if (e.name().equals(name) && test.test(e)) {
                return e;
            }
        }
    }

    Event await(String name) {
        return await(name, e -> true);
    }

    /** Names of every event taken so far. */
    List<String> names() {
        return seen.stream().map(Event::name).toList();
    }

    void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.io().shutdown().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public String toString() {
        return "AdminClient" + Arrays.toString(names().toArray());
    }
}
