// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.spring;

import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Socket;
import dev.sio4j.spring.OnConnect;
import dev.sio4j.spring.OnDisconnect;
import dev.sio4j.spring.OnEvent;
import dev.sio4j.spring.SocketIoListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The chat: everyone is in the main namespace; {@code message} goes to everybody with the
 * sender's name, {@code echo} answers the ack with what came.
 */
@SocketIoListener
public class ChatListener {

    private static final Logger log = LoggerFactory.getLogger(ChatListener.class);

    /** A chat line as clients send it. */
    public record Message(String name, String text) {
    }

    /** A chat line as everyone receives it; {@code at} in epoch milliseconds (as JavaScript's Date.now()). */
    public record Line(String name, String text, String from, long at) {
    }

    @OnConnect
    void welcome(Socket socket) {
        socket.emit("welcome", "You are " + socket.id());
    }

    @OnEvent("message")
    void message(Socket socket, Message message) {
        if (message == null || message.text() == null || message.text().isBlank()) {
            return;
        }
        String name = message.name() == null || message.name().isBlank() ? "anonymous" : message.name();
        socket.namespace().emit("message", new Line(name, message.text(), socket.id(), System.currentTimeMillis()));
    }

    @OnEvent("echo")
    Object echo(Object value) {
        return value;
    }

    @OnDisconnect
    void left(Socket socket, DisconnectReason reason) {
        log.info("{} left: {}", socket.id(), reason);
    }
}
