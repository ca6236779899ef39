// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Opt-in presence for the main namespace. A socket that emits {@code "users:subscribe"} with an
 * ack gets the ids of the namespace's sockets in the ack and from then on {@code "users:joined"
 * {id}} and {@code "users:left" {id}}; other sockets get nothing extra. Subscribers are the
 * members of one room, so each connect or disconnect costs one broadcast encoded once, written to
 * the subscribers only (never the whole list to everyone), and the room works unchanged behind a
 * cluster adapter. With names on, the events are {@code {id, name}} and the ack lists
 * {@code {id, name}} objects instead of ids.
 *
 * <p>Thread-safe: holds no state of its own besides the namespace.
 */
final class Presence {

    /** The subscribers' room. Clients cannot join it: {@link #isReserved} names are refused. */
    static final String ROOM = "sio4j:presence";

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final Namespace main;
    private final boolean named;
    /**
     * The subscribers' broadcast, made once: an operator is an immutable value, and building it
     * on every connect and disconnect copied its room set each time.
     */
    private final BroadcastOperator subscribers;

    Presence(Namespace main, boolean named) {
        this.main = main;
        this.named = named;
        this.subscribers = main.to(ROOM);
    }

    /** Whether clients are refused this room name (it belongs to the chat itself). */
    static boolean isReserved(String room) {
        return room.startsWith("sio4j:");
    }

    void connected(Socket socket) {
        ObjectNode joined = Payload.id(socket.id());
        if (named) {
            joined.put("name", UserNames.of(socket));
        }
        subscribers.emit("users:joined", joined);
    }

    void disconnected(Socket socket) {
        // By "disconnect" the socket has left every room, so it does not hear about itself.
        subscribers.emit("users:left", Payload.id(socket.id()));
    }

    /**
     * Subscribes {@code socket} and acks the current ids. Joining before listing means a socket
     * that connects in between is both listed and announced, never missed.
     */
    void subscribe(Socket socket, Ack ack) {
        if (!ack.requested()) {
            log.debug("users:subscribe without an ack ignored");
            return;
        }
        socket.join(ROOM);
        main.fetchSockets().whenComplete((sockets, error) -> {
            if (error != null) {
                log.warn("cannot list the users for a presence subscriber: {}", error.toString());
                return;
            }
            ack.send(named ? namedIds(sockets) : ids(sockets));
        });
    }

    /**
     * Acks the ids of every socket of the namespace, on every node; on an adapter error (a node
     * that did not answer in time, Redis unreachable) acks {@code {error}} instead.
     */
    void whoIsOnline(Ack ack) {
        if (!ack.requested()) {
            return;
        }
        main.fetchSockets().whenComplete((sockets, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                log.debug("whoIsOnline failed: {}", cause.toString());
                ack.send(java.util.Map.of("error", String.valueOf(cause.getMessage())));
            } else {
                ack.send(ids(sockets));
            }
        });
    }

    private static List<ObjectNode> namedIds(List<RemoteSocket> sockets) {
        return sockets.stream().map(s -> Payload.id(s.id()).put("name", UserNames.of(s))).toList();
    }

    private static List<String> ids(List<RemoteSocket> sockets) {
        return sockets.stream().map(RemoteSocket::id).toList();
    }
}
