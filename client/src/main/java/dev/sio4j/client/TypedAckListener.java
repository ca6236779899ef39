// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * A listener of an event's first argument mapped to a type of yours, with the acknowledgement;
 * see {@link Socket#on(String, Class, TypedAckListener)}.
 *
 * <pre>{@code
 * socket.on("price", Quote.class, (quote, ack) -> ack.send(quote.accepted()));
 * }</pre>
 *
 * <p>Called on the manager's event loop; it must not block.
 */
@FunctionalInterface
public interface TypedAckListener<T> {
    /**
     * @param arg the first argument mapped to the type, or null when the server sent none
     * @param ack answers the server; when the server asked for no acknowledgement, it sends nothing
     */
    void call(T arg, Ack ack);
}
