// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.Ack;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A sio4j client socket that records every event it receives (and acknowledges those that ask,
 * with its own id), for the multi-node tests. Waits are bounded.
 *
 * <p>Thread-safe.
 */
final class Peer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** A bounded wait that polls every 10 ms (Awaitility's default 100 ms adds up over a suite). */
    static ConditionFactory waiting() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** One event: its name and arguments (JSON; the ack, if any, left out). */
    record Event(String name, List<JsonNode> args) {
        JsonNode arg(int i) {
            return args.get(i);
        }

        /** Argument {@code i}, a binary value. */
        byte[] binary(int i) {
            try {
                return args.get(i).binaryValue();
            } catch (java.io.IOException e) {
                throw new AssertionError("argument " + i + " is not binary: " + args.get(i), e);
            }
        }

        /** The last argument as text: the recovery offset, when the server appended one. */
        String last() {
            return args.isEmpty() ? null : args.get(args.size() - 1).asText();
        }
    }

    final Socket socket;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> connects = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();

    private Peer(URI uri) {
        ClientOptions options = ClientOptions.builder()
                .transports(ClientOptions.Transport.WEBSOCKET)
                .reconnectionDelay(Duration.ofMillis(20))
                .reconnectionDelayMax(Duration.ofMillis(100))
                .randomizationFactor(0)
                .autoConnect(false)
                .build();
        socket = IO.socket(uri, options);
        socket.on("connect", () -> connects.add(socket.id()));
        socket.on("disconnect", args -> disconnects.add(String.valueOf(args[0])));
        socket.onAny((name, args) -> {
            List<JsonNode> json = new ArrayList<>();
            Ack ack = null;
            for (Object a : args) {
                if (a instanceof Ack x) {
                    ack = x;
                } else {
                    json.add((JsonNode) a);
                }
            }
            events.add(new Event(name, List.copyOf(json)));
            if (ack != null) {
                ack.send(socket.id());
            }
        });
    }

    /** A client of {@code http://127.0.0.1:<port><namespace>}, connected. */
    static Peer connect(int port, String namespace) {
        Peer p = new Peer(URI.create("http://127.0.0.1:" + port + namespace));
        p.socket.connect();
        p.awaitConnects(1);
        return p;
    }

    String id() {
        return socket.id();
    }

    /** Waits for the {@code n}-th connect (1-based) and returns the socket id it got. */
    String awaitConnects(int n) {
        waiting().until(() -> connects.size() >= n);
        return connects.get(n - 1);
    }

    /** Emits and waits for the server's ack. */
    JsonNode call(String event, Object... args) {
        try {
            return socket.timeout(WAIT).emitWithAck(event, args).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for " + event, e);
        }
    }

    /** Waits until {@code count} events {@code name} arrived and returns them. */
    List<Event> await(String name, int count) {
        waiting().until(() -> named(name).size() >= count);
        return named(name);
    }

    /** The first event {@code name}, waiting for it. */
    Event await(String name) {
        return await(name, 1).get(0);
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The first argument of each event {@code name} so far, as text. */
    List<String> firstArgs(String name) {
        return named(name).stream().map(e -> e.arg(0).asText()).toList();
    }

    @Override
    public void close() {
        socket.disconnect();
    }
}
