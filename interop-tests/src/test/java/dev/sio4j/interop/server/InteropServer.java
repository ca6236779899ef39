// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A sio4j server on 127.0.0.1 (port 0 unless told) with the handlers the interop tests talk to:
 * <ul>
 *   <li>{@code /}: emits "welcome" {id, auth} on connect; "echo" acks its arguments (or emits
 *       "echo" back without an ack); "join"/"leave" a room (acked); "broadcast" to all but the
 *       sender; "toRoom"(room, data) to a room but the sender; "ignored" is never acked;</li>
 *   <li>{@code /chat}: emits "auth" with the CONNECT payload; "echo" as above;</li>
 *   <li>{@code /private}: middleware refusing with "not allowed" and data {code: 42} unless
 *       auth.token is "ok";</li>
 *   <li>{@code /dyn-<digits>}: dynamic namespaces that emit "dyn" with their name.</li>
 * </ul>
 * Thread-safe; close it at the end of the test.
 */
final class InteropServer implements AutoCloseable {

    private final SocketIoServer io;
    private final InetSocketAddress address;

    private InteropServer(SocketIoServer io, InetSocketAddress address) {
        this.io = io;
        this.address = address;
    }

    static InteropServer start() {
        return start(0, b -> { });
    }

    static InteropServer start(int port, Consumer<ServerOptions.Builder> options) {
        ServerOptions.Builder builder = ServerOptions.builder();
        options.accept(builder);
        SocketIoServer io = SocketIoServer.create(builder.build());
        install(io);
        InetSocketAddress bound;
        try {
            bound = io.listen("127.0.0.1", port);
        } catch (java.net.BindException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new InteropServer(io, bound);
    }

    private static void install(SocketIoServer io) {
        io.on("connection", socket -> {
            socket.emit("welcome", Map.of("id", socket.id(), "auth", socket.handshake().auth()));
            echo(socket);
            socket.onArgs("join", (args, ack) -> {
                socket.join(args.get(0).asText());
                ack.send(true);
            });
            socket.onArgs("leave", (args, ack) -> {
                socket.leave(args.get(0).asText());
                ack.send(true);
            });
            socket.onArgs("broadcast", (args, ack) ->
                    socket.broadcast().emit("broadcast", args.toArray()));
            socket.onArgs("toRoom", (args, ack) ->
                    socket.to(args.get(0).asText()).emit("room-message", args.get(1)));
            socket.onArgs("ignored", (args, ack) -> { });
        });
        Namespace chat = io.of("/chat");
        chat.on("connection", socket -> {
            socket.emit("auth", socket.handshake().auth());
            echo(socket);
        });
        Namespace restricted = io.of("/private");
        restricted.use((socket, next) -> {
            if ("ok".equals(socket.handshake().auth().path("token").asText(null))) {
                next.proceed();
            } else {
                next.fail(new ConnectError("not allowed", Map.of("code", 42)));
            }
        });
        restricted.on("connection", socket -> socket.emit("inside"));
        io.of(Pattern.compile("^/dyn-\\d+$")).on("connection", socket ->
                socket.emit("dyn", socket.namespace().name()));
    }

    private static void echo(Socket socket) {
        socket.onArgs("echo", (args, ack) -> {
            if (ack.requested()) {
                ack.send(args.toArray());
            } else {
                socket.emit("echo", args.toArray());
            }
        });
    }

    SocketIoServer io() {
        return io;
    }

    InetSocketAddress address() {
        return address;
    }

    /** The server-side socket of namespace {@code ns} with id {@code id} (the client prints it). */
    Socket socket(String ns, String id) {
        Socket socket = io.of(ns).sockets().get(id);
        if (socket == null) {
            throw new AssertionError("no socket " + id + " in " + ns + "; have " + io.of(ns).sockets().keySet());
        }
        return socket;
    }

    /** The socket id a client printed in its connect line. */
    static String id(JsonNode connectLine) {
        return connectLine.path("id").asText();
    }

    @Override
    public void close() {
        io.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
