// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Sees every event of a socket, incoming ({@link Socket#onAny}) or outgoing
 * ({@link Socket#onAnyOutgoing}), with its name and arguments (an incoming ack is not among them).
 *
 * <pre>{@code
 * socket.onAny((event, args) -> metrics.count(event));
 * }</pre>
 *
 * <p>Called on the socket's listener executor.
 */
@FunctionalInterface
public interface AnyListener {

    /** Handles {@code event} with {@code args} (unmodifiable). */
    void call(String event, List<JsonNode> args);
}
