// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A listener for the first argument of an event as JSON plus the acknowledgement.
 *
 * <pre>{@code
 * socket.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
 * }</pre>
 *
 * <p>Called on the socket's listener executor, in order.
 */
@FunctionalInterface
public interface JsonAckListener {

    /** Handles the event's first argument ({@code MissingNode} when none) and its ack. */
    void call(JsonNode arg, Ack ack);
}
