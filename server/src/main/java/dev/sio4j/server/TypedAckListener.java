// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * A listener for the first argument of an event mapped to {@code T} with the server's Jackson
 * mapper, plus the acknowledgement. A missing argument is passed as null; a payload that does not
 * map is reported to the socket's error listeners as an {@link EventArgumentException} and the
 * listener is not called (so the ack stays unanswered).
 *
 * <pre>{@code
 * socket.on("order", Order.class, (order, ack) -> ack.send(orders.place(order)));
 * }</pre>
 *
 * <p>Called on the socket's listener executor, in order.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface TypedAckListener<T> {

    /** Handles the mapped argument and the ack. */
    void call(T arg, Ack ack);
}
