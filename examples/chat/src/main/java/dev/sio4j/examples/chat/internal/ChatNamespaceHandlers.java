// SPDX-License-Identifier: Apache-2.0
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
 * {@code /chat} (and to nobody on {@code /}); with names on, as {@code {sender, name, message}}.
 *
 * <p>Thread-safe; stateless besides the namespace.
 */
public final class ChatNamespaceHandlers implements Consumer<Socket> {

    /** The namespace's name. */
    public static final String NAME = "/chat";

    private static final Logger log = LoggerFactory.getLogger(ChatNamespaceHandlers.class);

    private final Namespace chat;
    private final boolean named;

    public ChatNamespaceHandlers(Namespace chat) {
        this(chat, false);
    }

    /** {@code named}: senders shown by their token's name (the namespace must be guarded by the JWT middleware). */
    public ChatNamespaceHandlers(Namespace chat, boolean named) {
        this.chat = chat;
        this.named = named;
    }

    @Override
    public void accept(Socket socket) {
        log.debug("connected to {}: {}", NAME, socket.id());
        String name = named ? UserNames.remember(socket) : null;
        socket.onArgs("message", (List<JsonNode> args, Ack ack) -> chat.emit("message",
                named ? Payload.withMessage(Payload.named(socket.id(), name), Payload.first(args)) : Payload.first(args)));
    }
}
