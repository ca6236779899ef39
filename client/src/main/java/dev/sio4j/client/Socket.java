// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import java.util.function.Consumer;

/**
 * A client socket: one namespace of a {@link Manager}'s connection, as in socket.io-client.
 *
 * <pre>{@code
 * Socket socket = IO.socket(URI.create("http://localhost:3000"));
 * socket.on("connect", () -> System.out.println("connected as " + socket.id()));
 * socket.on("message", JsonNode.class, data -> System.out.println(data));
 * socket.emit("message", "hello");           // buffered until connected
 * socket.close();
 * }</pre>
 *
 * <p>Lifecycle: created connecting (autoConnect) or idle; {@code connect} event when the server
 * accepted the namespace; {@code disconnect(reason, details)} when it ends; reconnects with its
 * manager unless the server ("io server disconnect") or the user disconnected it.
 *
 * <p>Thread-safe: methods may be called from any thread. Listeners run on the manager's event
 * loop, in order; they must not block it.
 */
public interface Socket extends Emitter {

    /** The socket id given by the server, or null while disconnected. */
    String id();

    /** The namespace, e.g. "/" or "/chat". */
    String namespace();

    /** Whether the namespace is connected. */
    boolean connected();

    /** Whether the socket is connected, connecting or waiting to reconnect. */
    boolean active();

    /** Whether the last connect restored the previous session (connection state recovery). */
    boolean recovered();

    /** The manager (the connection) this socket belongs to. */
    Manager io();

    /** Connects (and opens the manager if needed). No-op when connected. */
    Socket connect();

    /** Same as {@link #connect()}. */
    default Socket open() {
        return connect();
    }

    /** Leaves the namespace; no automatic reconnection. The manager closes when no socket is left. */
    Socket disconnect();

    /** Same as {@link #disconnect()}. */
    default Socket close() {
        return disconnect();
    }

    /** Emits "message". */
    default Socket send(Object... args) {
        emit("message", args);
        return this;
    }

    @Override
    Socket emit(String event, Object... args);

    Socket on(String event, Listener listener);

    /** A listener that takes no arguments, e.g. for "connect". */
    Socket on(String event, Runnable listener);

    /** A listener of the first argument, mapped to {@code type} (Jackson), e.g. {@code JsonNode.class}. */
    <T> Socket on(String event, Class<T> type, Consumer<? super T> listener);

    /**
     * A listener of the first argument mapped to {@code type}, with the acknowledgement:
     * {@code socket.on("question", Question.class, (q, ack) -> ack.send(answer(q)))}.
     */
    <T> Socket on(String event, Class<T> type, TypedAckListener<? super T> listener);

    /**
     * A listener of {@code disconnect} with the reason as an enum; the {@code disconnect} event
     * with the reason's string, as socket.io-client gives it, stays available through
     * {@link #on(String, Listener)}. Remove it with {@link #off(String, Object)} and event
     * {@code "disconnect"}.
     */
    Socket onDisconnect(DisconnectListener listener);

    Socket once(String event, Listener listener);

    /** Removes a listener given to on/once (a Listener, Runnable or Consumer). */
    Socket off(String event, Object listener);

    /** Removes every listener of {@code event}. */
    Socket off(String event);

    /** Removes every listener. */
    Socket off();

    boolean hasListeners(String event);

    Socket onAny(AnyListener listener);

    Socket prependAny(AnyListener listener);

    Socket offAny(AnyListener listener);

    Socket offAny();

    Socket onAnyOutgoing(AnyListener listener);

    Socket prependAnyOutgoing(AnyListener listener);

    Socket offAnyOutgoing(AnyListener listener);

    Socket offAnyOutgoing();
}
