// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.protocol.AckException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Receives the server's acknowledgement of an emit: pass it as the last argument of
 * {@link Socket#emit}.
 *
 * <pre>{@code
 * socket.timeout(Duration.ofSeconds(5)).emit("echo", "hi", (AckCallback) (error, args) -> {
 *     if (error != null) log.warn("no answer: {}", error.reason());
 *     else log.info("got {}", args.get(0));
 * });
 * }</pre>
 *
 * <p>Called once, on the manager's event loop; it must not block. An implementation is confined
 * to that loop.
 */
@FunctionalInterface
public interface AckCallback {
    /**
     * @param error null on success; else why no answer will come (timeout, or disconnected)
     * @param args  the server's ack arguments; empty on error
     */
    void onAck(AckException error, List<JsonNode> args);
}
