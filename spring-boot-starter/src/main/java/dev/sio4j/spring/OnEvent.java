// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles the event {@link #value()} on the sockets of the enclosing {@link SocketIoListener}'s
 * namespace. Parameters, in any order:
 * <ul>
 *   <li>{@link dev.sio4j.server.Socket}: the socket that sent the event (at most one);</li>
 *   <li>{@link dev.sio4j.server.Ack}: the acknowledgement the client asked for (at most one);</li>
 *   <li>every other parameter takes the event's next argument, mapped to the parameter's type
 *       (generics included, e.g. {@code List<Item>}) with the server's
 *       {@link dev.sio4j.protocol.PayloadMapper}: the first such parameter the first argument,
 *       and so on. {@code JsonNode} takes the argument as it came. A missing argument is null
 *       (for a primitive parameter, it does not map).</li>
 * </ul>
 * A method without an {@code Ack} parameter that returns a value answers the acknowledgement
 * with it (a {@link java.util.concurrent.CompletionStage} when it completes); it cannot have both.
 *
 * <p>An argument that does not map skips the method: the socket stays connected and an
 * {@link dev.sio4j.server.EventArgumentException} goes to the socket's error listeners, as with
 * {@code socket.on(event, type, listener)}. An exception the method throws goes there too (logged
 * at WARN when the socket has no error listener); a checked one wrapped in a
 * {@link ListenerMethodException}.
 *
 * <pre>{@code
 * @OnEvent("order")
 * OrderReceipt order(Socket socket, Order order) { return orders.place(socket.identity(), order); }
 * }</pre>
 *
 * <p>Runs where the server runs listeners: the connection's event loop unless a listener
 * executor is configured (see {@link SocketIoServerCustomizer}); it must not block an event loop.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event name; not empty and not one socket.io reserves ({@code connect}, {@code disconnect}, ...). */
    String value();
}
