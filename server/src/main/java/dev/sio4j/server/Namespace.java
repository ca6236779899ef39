// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.Adapter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A namespace (socket.io's {@code Namespace}): a communication channel with its own middlewares,
 * connected sockets, rooms and {@link Adapter}. Obtained from {@link SocketIoServer#of}; the main
 * namespace is {@code "/"}. The emit and selection methods act on all its sockets like a fresh
 * {@link BroadcastOperator}.
 *
 * <pre>{@code
 * Namespace chat = io.of("/chat");
 * chat.use((socket, next) -> next.proceed());
 * chat.on("connection", socket -> socket.on("message", (JsonNode m) -> chat.emit("message", m)));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Namespace {

    /** The name, starting with {@code /}. */
    String name();

    /**
     * Adds a listener for {@code "connection"} (or its alias {@code "connect"}), called with each
     * socket once it has passed the middlewares and is connected.
     *
     * @throws IllegalArgumentException for any other event name
     */
    Namespace on(String event, Consumer<Socket> listener);

    /** Adds a {@code "connection"} listener: {@code chat.onConnection(socket -> ...)}. */
    default Namespace onConnection(Consumer<Socket> listener) {
        return on("connection", listener);
    }

    /** Adds a middleware, run for each connecting socket in registration order. */
    Namespace use(Middleware middleware);

    /**
     * Adds a listener for events sent by other nodes with {@link #serverSideEmit} (cluster
     * adapters only). The ack answers the sending node.
     */
    Namespace onServerSideEmit(String event, EventListener listener);

    /** The connected sockets of this node by id; an unmodifiable live view. */
    Map<String, Socket> sockets();

    /** This namespace's adapter. */
    Adapter adapter();

    /** Emits to every socket; see {@link BroadcastOperator#emit}. */
    boolean emit(String event, Object... args);

    /** Emits to every socket and collects acks; needs {@link #timeout}. */
    CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args);

    /** {@link BroadcastOperator#emitWithAck(Class, String, Object...)} to every socket of the namespace. */
    <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args);

    /** Emits {@code "message"} with {@code args} (socket.io's {@code send}). */
    boolean send(Object... args);

    /** Selects the sockets in {@code room}. */
    BroadcastOperator to(String room);

    /** Selects the sockets in each of {@code rooms}. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String)}. */
    BroadcastOperator in(String room);

    /** Same as {@link #to(Collection)}. */
    BroadcastOperator in(Collection<String> rooms);

    /** Selects every socket but those in {@code room}. */
    BroadcastOperator except(String room);

    /** Selects every socket but those in {@code rooms}. */
    BroadcastOperator except(Collection<String> rooms);

    /** Every socket, volatile. */
    BroadcastOperator volatile_();

    /** Every socket, with compression set. */
    BroadcastOperator compress(boolean compress);

    /** Every socket of this node. */
    BroadcastOperator local();

    /** Every socket, waiting at most {@code timeout} for acks. */
    BroadcastOperator timeout(Duration timeout);

    /** Every socket of the namespace. */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /** Makes every socket join {@code room}. */
    void socketsJoin(String room);

    /** Makes every socket leave {@code room}. */
    void socketsLeave(String room);

    /** Disconnects every socket; with {@code close} their connections too. */
    void disconnectSockets(boolean close);

    /**
     * Sends {@code event} with {@code args} to this namespace on the other nodes (not this one);
     * a no-op on a single node.
     */
    void serverSideEmit(String event, Object... args);

    /**
     * Like {@link #serverSideEmit} and collects one answer per other node within {@code timeout};
     * on a single node it completes at once with an empty list.
     */
    CompletableFuture<List<JsonNode>> serverSideEmitWithAck(Duration timeout, String event, Object... args);
}
