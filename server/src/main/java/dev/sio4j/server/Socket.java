// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client connected to one namespace (socket.io's server-side {@code Socket}). Its id is
 * random and distinct from the Engine.IO session id; it is also a room holding only this socket.
 *
 * <p>Events: register listeners with the {@code on} overloads (raw JSON, first argument as JSON,
 * first argument mapped to a type, each with or without the {@link Ack}). Reserved events:
 * {@code "disconnecting"} (rooms still set) and {@code "disconnect"}, whose argument is the
 * reason ({@link DisconnectReason#wireName()}).
 *
 * <pre>{@code
 * io.on("connection", socket -> {
 *     socket.join("lobby");
 *     socket.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
 *     socket.on("joinRoom", String.class, socket::join);
 *     socket.on("disconnect", reason -> log.info("gone: {}", reason.asText()));
 *     socket.emit("welcome", Map.of("id", socket.id()));
 * });
 * }</pre>
 *
 * <p>Thread-safe. Its state is confined to the connection's event loop; calls from other threads
 * are handed to it. Listeners run on the listener executor (the event loop by default), one at a
 * time and in order for this socket.
 */
public interface Socket {

    /** The socket id (random, 120+ bits; not the Engine.IO session id). */
    String id();

    /** The namespace this socket belongs to. */
    Namespace namespace();

    /** The handshake details. */
    Handshake handshake();

    /** The Engine.IO connection under this socket: its transport, upgrades and close. */
    Connection conn();

    /** User data (socket.io's {@code socket.data}); a concurrent map, kept across recovery. */
    Map<String, Object> data();

    /** The rooms the socket is in, its own id included; a snapshot. */
    Set<String> rooms();

    /** Whether the socket is connected. */
    boolean connected();

    /** Whether this socket was restored by connection state recovery. */
    boolean recovered();

    /**
     * Who the client is: what {@link #setIdentity} set, else what the handshake's
     * {@code AllowRequest} said ({@link dev.sio4j.engine.AllowRequest.Decision#allowAs}), else
     * null. Sockets with an identity count towards {@link SocketLimits#maxConnectionsPerUser()}.
     */
    String identity();

    /**
     * Names the client, e.g. with a verified token's subject; for a middleware (or an
     * authentication module) to call before the socket connects. Once the middlewares pass, the
     * connections of this identity are counted, and a connection past
     * {@link SocketLimits#maxConnectionsPerUser()} is refused with CONNECT_ERROR
     * {@code {"message":"Too many connections"}}.
     *
     * <pre>{@code
     * io.use((socket, next) -> {
     *     Claims claims = verify(socket.handshake().auth().path("token").asText());
     *     socket.setIdentity(claims.subject());
     *     next.proceed();
     * });
     * }</pre>
     *
     * @throws IllegalStateException once the socket is connected
     * @throws IllegalArgumentException for an empty identity
     */
    void setIdentity(String identity);

    /** Joins {@code room}. */
    void join(String room);

    /** Joins each of {@code rooms}. */
    void join(Collection<String> rooms);

    /** Leaves {@code room}. */
    void leave(String room);

    /**
     * Emits {@code event} with {@code args} (any JSON-able values; byte[]/ByteBuffer at any depth
     * become binary attachments). When the last argument is an {@link AckCallback}, the client is
     * asked to acknowledge.
     *
     * @return false when the packet was not sent (disconnected socket, full queue)
     * @throws IllegalArgumentException for a reserved event name
     * @throws dev.sio4j.protocol.PayloadMappingException when an argument cannot be written as JSON
     */
    boolean emit(String event, Object... args);

    /** Emits and completes with the client's first ack argument; see {@link SocketEmitter#emitWithAck}. */
    CompletableFuture<JsonNode> emitWithAck(String event, Object... args);

    /** Emits and completes with the client's first ack argument mapped to {@code type}; see {@link SocketEmitter#emitWithAck(Class, String, Object...)}. */
    <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args);

    /** Emits {@code "message"} with {@code args}. */
    boolean send(Object... args);

    /** Emits with a timeout for the acknowledgement. */
    SocketEmitter timeout(Duration timeout);

    /** Emits a packet that may be dropped if the transport is busy. */
    SocketEmitter volatile_();

    /** Emits with compression set. */
    SocketEmitter compress(boolean compress);

    /** Every other socket of the namespace. */
    BroadcastOperator broadcast();

    /** The sockets in {@code room}, this one excluded. */
    BroadcastOperator to(String room);

    /** The sockets in each of {@code rooms}, this one excluded. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String)}. */
    BroadcastOperator in(String room);

    /** Every socket but this one and those in {@code room}. */
    BroadcastOperator except(String room);

    /**
     * Listens to {@code event} with every argument and the ack: for events with several or a
     * varying number of arguments. (Named apart from {@code on} so that a two-argument lambda
     * {@code socket.on("echo", (arg, ack) -> ack.send(arg))} compiles without types.)
     */
    Socket onArgs(String event, EventListener listener);

    /** Listens to {@code event}'s first argument as JSON. */
    Socket on(String event, JsonListener listener);

    /** Listens to {@code event}'s first argument as JSON, with the ack. */
    Socket on(String event, JsonAckListener listener);

    /**
     * Listens to {@code event}'s first argument mapped to {@code type} with the server's
     * {@link ServerOptions#payloadMapper() payload mapper}. When the client sent no argument
     * (JavaScript's {@code undefined}) the listener gets null. When the argument does not map,
     * the listener is skipped, the socket stays connected and an {@link EventArgumentException}
     * goes to the {@link #onError error listeners}.
     */
    <T> Socket on(String event, Class<T> type, Consumer<T> listener);

    /**
     * Listens to {@code event}'s first argument mapped to {@code type}, with the ack; a missing
     * argument and one that does not map are handled as in {@link #on(String, Class, Consumer)}
     * (on a mismatch the ack is left unanswered).
     */
    <T> Socket on(String event, Class<T> type, TypedAckListener<T> listener);

    /** Like {@link #onArgs(String, EventListener)}, removed after its first call. */
    Socket onceArgs(String event, EventListener listener);

    /** Like {@link #on(String, JsonListener)}, removed after its first call. */
    Socket once(String event, JsonListener listener);

    /** Removes {@code listener} (the object given to {@code on}/{@code once}) from {@code event}. */
    Socket off(String event, Object listener);

    /** Removes every listener of {@code event}. */
    Socket off(String event);

    /** Adds a listener for every incoming event. */
    Socket onAny(AnyListener listener);

    /** Adds a listener for every incoming event, called before the others. */
    Socket prependAny(AnyListener listener);

    /** Removes an any-listener. */
    Socket offAny(AnyListener listener);

    /** Removes every any-listener. */
    Socket offAny();

    /** Adds a listener for every outgoing event (emits and broadcasts reaching this socket). */
    Socket onAnyOutgoing(AnyListener listener);

    /** Adds an outgoing listener called before the others. */
    Socket prependAnyOutgoing(AnyListener listener);

    /** Removes an outgoing listener. */
    Socket offAnyOutgoing(AnyListener listener);

    /** Removes every outgoing listener. */
    Socket offAnyOutgoing();

    /** Adds a per-socket middleware for incoming events. */
    Socket use(SocketMiddleware middleware);

    /**
     * Receives errors of this socket (socket.io's {@code "error"} event): failures of its
     * middlewares and listeners, {@link EventArgumentException} for an argument that does not fit
     * a typed listener, and, just before the connection is closed for a protocol violation, the
     * decoder's {@link dev.sio4j.protocol.socketio.SocketParseException} or a
     * {@link ProtocolStateException}. Without error listeners, user-code failures are logged at
     * warn level and client-caused ones at debug level.
     */
    Socket onError(Consumer<Throwable> listener);

    /**
     * A {@code "disconnect"} listener with the reason as an enum; {@code on("disconnect", ...)}
     * still gets socket.io's reason string. Remove it with {@code off("disconnect", listener)}.
     */
    Socket onDisconnect(DisconnectListener listener);

    /**
     * Disconnects from this namespace ("server namespace disconnect", a DISCONNECT packet sent);
     * with {@code close}, the whole connection is closed (every namespace of the client).
     */
    void disconnect(boolean close);

    /**
     * Disconnects this socket at {@code when} ("server namespace disconnect", a DISCONNECT packet
     * sent), e.g. when the token it connected with expires. Callable before the socket connects
     * (from a middleware: the timer starts when it connects) and after; a later call replaces
     * the earlier deadline (a refreshed token moves it). A deadline already past disconnects the
     * socket at once, or as soon as it has connected. One timer per socket, cancelled when the
     * socket disconnects for any reason.
     *
     * <pre>{@code
     * io.use((socket, next) -> {
     *     Claims claims = verify(socket.handshake().auth().path("token").asText());
     *     socket.disconnectAt(claims.expiresAt());
     *     next.proceed();
     * });
     * }</pre>
     */
    void disconnectAt(Instant when);

    /** The names of the events that have listeners, for tests and tools; a snapshot. */
    List<String> eventNames();
}
