package dev.sio4j.examples.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The tutorial's {@code /chat} namespace: a {@code "message"} is emitted to every socket of
 * {@code /chat} (and to nobody on {@code /}).
 *
 * <p>Thread-safe; stateless besides the namespace.
 */
public final class ChatNamespaceHandlers implements Consumer<Socket> {

    /** The namespace's name. */
    public static final String NAME = "/chat";

    private static final Logger log = LoggerFactory.getLogger(ChatNamespaceHandlers.class);

    private final Namespace chat;

    public ChatNamespaceHandlers(Namespace chat) {
        this.chat = chat;
    }

    @Override
    public void accept(Socket socket) {
        log.debug("connected to {}: {}", NAME, socket.id());
        socket.on("message", (List<JsonNode> args, Ack ack) -> chat.emit("message", Payload.first(args)));
    }
}
