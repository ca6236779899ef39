// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A listener for the first argument of an event as JSON ({@code MissingNode} when there is
 * none). For {@code disconnect} and {@code disconnecting} the argument is the reason as a text
 * node, e.g. {@code "transport close"}.
 *
 * <pre>{@code
 * socket.on("message", (JsonNode data) -> io.emit("message", data));
 * socket.on("disconnect", reason -> log.info("left: {}", reason.asText()));
 * }</pre>
 *
 * <p>Called on the socket's listener executor, in order.
 */
@FunctionalInterface
public interface JsonListener {

    /** Handles the event's first argument. */
    void call(JsonNode arg);
}
