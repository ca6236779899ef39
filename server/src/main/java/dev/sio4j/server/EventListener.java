// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A raw event listener: every argument as JSON ({@code BinaryNode} for binary) plus the ack.
 *
 * <pre>{@code
 * socket.onArgs("chat", (List<JsonNode> args, Ack ack) -> ack.send("got " + args.size()));
 * }</pre>
 *
 * <p>Called on the socket's listener executor, in order.
 */
@FunctionalInterface
public interface EventListener {

    /**
     * @param args the event's arguments without its name (unmodifiable)
     * @param ack  the acknowledgement; {@link Ack#requested()} is false when the client asked none
     */
    void call(List<JsonNode> args, Ack ack);
}
