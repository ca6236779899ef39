// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The tutorial's behaviour on the main namespace {@code /}: connection logs, {@code "message"} to
 * everyone, {@code "privateMessage"} to one socket, {@code "joinRoom"} and {@code "roomMessage"},
 * plus the opt-in presence of {@link Presence}, {@code "whoIsOnline"} and, with diagnostics on,
 * the cluster events {@code "serverSideHello"} and {@code "helloCount"}. Everything works across
 * the nodes of a cluster: a private message reaches a socket connected to another node, presence
 * and {@code whoIsOnline} list the whole cluster.
 *
 * <p>Unlike the tutorial, which trusts its clients, input is checked: a payload of the wrong shape
 * is ignored (logged at DEBUG, never at INFO: no per-message logging); a private message goes only
 * to a name shaped like a socket id, and no client may join a room of that shape, so only the
 * socket itself, on whichever node, receives it (joining another socket's room would copy that
 * socket's private messages); a client cannot join a room reserved by the chat, or more than
 * {@link #MAX_ROOMS} rooms.
 *
 * <p>With names on (the chat requires a token), every message says who sent it by name: the
 * socket first gets {@code "session" {sender, name}} (its own id and name), {@code "message"}
 * carries {@code {sender, name, message}} instead of the bare message, private and room messages
 * and the presence events gain a {@code name}. The names come from the verified token, never from the
 * client's payload. Without names, the wire is the tutorial's.
 *
 * <p>Thread-safe; listeners run wherever the server runs them, per socket in order.
 */
public final class MainNamespaceHandlers implements Consumer<Socket> {

    /** How many rooms one socket may join with {@code "joinRoom"}. */
    static final int MAX_ROOMS = 50;

    private static final Logger log = LoggerFactory.getLogger(MainNamespaceHandlers.class);

    private final Namespace main;
    private final Presence presence;
    private final boolean diagnostics;
    private final boolean named;
    private final AtomicLong hellos = new AtomicLong();

    /** The handlers of {@code main}; {@code diagnostics} adds the cluster diagnostics events. */
    public MainNamespaceHandlers(Namespace main, boolean diagnostics) {
        this(main, diagnostics, false);
    }

    /**
     * The handlers of {@code main}; {@code diagnostics} adds the cluster diagnostics events,
     * {@code named} shows senders by the name of their token (the namespace must be guarded by
     * the JWT middleware).
     */
    public MainNamespaceHandlers(Namespace main, boolean diagnostics, boolean named) {
        this.main = main;
        this.presence = new Presence(main, named);
        this.diagnostics = diagnostics;
        this.named = named;
        if (diagnostics) {
            main.onServerSideEmit("hello", (args, ack) -> hellos.incrementAndGet());
        }
    }

    @Override
    public void accept(Socket socket) {
        log.info("A user connected: {}", socket.id());
        String name = named ? UserNames.remember(socket) : null;
        if (named) {
            // First, so the page knows to show names before any message can reach it.
            socket.emit("session", Payload.named(socket.id(), name));
        }
        socket.onArgs("message", (List<JsonNode> args, Ack ack) -> {
            main.emit("message",
                    named ? Payload.withMessage(Payload.named(socket.id(), name), Payload.first(args)) : Payload.first(args));
            ack.send(); // for a client that asks: the message is out (a drain answers this before moving it)
        });
        socket.onArgs("privateMessage", (List<JsonNode> args, Ack ack) -> privateMessage(socket, Payload.first(args)));
        socket.onArgs("joinRoom", (List<JsonNode> args, Ack ack) -> joinRoom(socket, Payload.first(args)));
        socket.onArgs("roomMessage", (List<JsonNode> args, Ack ack) -> roomMessage(socket, Payload.first(args)));
        socket.onArgs("users:subscribe", (List<JsonNode> args, Ack ack) -> presence.subscribe(socket, ack));
        socket.onArgs("whoIsOnline", (List<JsonNode> args, Ack ack) -> presence.whoIsOnline(ack));
        if (diagnostics) {
            socket.onArgs("serverSideHello", (List<JsonNode> args, Ack ack) -> main.serverSideEmit("hello", socket.id()));
            socket.onArgs("helloCount", (List<JsonNode> args, Ack ack) -> ack.send(hellos.get()));
        }
        socket.on("disconnect", (JsonNode reason) -> {
            log.info("User disconnected: {}", socket.id());
            log.debug("disconnect reason of {}: {}", socket.id(), reason);
            presence.disconnected(socket);
        });
        presence.connected(socket);
    }

    private void privateMessage(Socket socket, JsonNode payload) {
        String recipient = Payload.text(payload, "recipientId");
        if (!Payload.looksLikeSocketId(recipient)) {
            log.debug("privateMessage from {} ignored: not a socket id", socket.id());
            return;
        }
        main.to(recipient).emit("privateMessage", sender(socket, payload));
    }

    private void joinRoom(Socket socket, JsonNode payload) {
        String room = payload.isTextual() ? payload.asText() : null;
        if (!Payload.validRoom(room) || Presence.isReserved(room)) {
            log.debug("joinRoom from {} ignored: invalid room name", socket.id());
            return;
        }
        if (Payload.looksLikeSocketId(room) && !room.equals(socket.id())) {
            log.debug("joinRoom from {} ignored: shaped like a socket id", socket.id());
            return;
        }
        long joined = socket.rooms().stream().filter(r -> !r.equals(socket.id()) && !Presence.isReserved(r)).count();
        if (joined >= MAX_ROOMS && !socket.rooms().contains(room)) {
            log.debug("joinRoom from {} ignored: already in {} rooms", socket.id(), joined);
            return;
        }
        socket.join(room);
    }

    private void roomMessage(Socket socket, JsonNode payload) {
        String room = Payload.text(payload, "room");
        if (!Payload.validRoom(room) || Presence.isReserved(room)) {
            log.debug("roomMessage from {} ignored: invalid room", socket.id());
            return;
        }
        main.to(room).emit("roomMessage", sender(socket, payload));
    }

    /** {@code {sender, message}}, with the sender's {@code name} when names are on. */
    private JsonNode sender(Socket socket, JsonNode payload) {
        var out = Payload.fromSender(socket.id(), payload);
        if (named && socket.data().get(UserNames.DATA_KEY) instanceof String name) {
            out.put("name", name);
        }
        return out;
    }
}
