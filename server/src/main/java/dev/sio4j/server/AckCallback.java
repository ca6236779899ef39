// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.AckException;

import java.util.List;

/**
 * Receives the client's answer to an event emitted to one socket. Pass it as the last argument
 * of {@link Socket#emit} (as socket.io's callback); with {@code timeout(...)} it is called with
 * an {@link AckException} and no args when the client did not answer in time. The client's
 * {@code AckCallback} has the same shape.
 *
 * <pre>{@code
 * socket.timeout(Duration.ofSeconds(5)).emit("question", 42,
 *         (AckCallback) (err, args) -> { if (err == null) log.info("answer {}", args); });
 * }</pre>
 *
 * <p>Called at most once, on the socket's listener executor (its event loop by default).
 */
@FunctionalInterface
public interface AckCallback {

    /**
     * @param error null on success; else why no answer will come: {@link AckException.Reason#TIMEOUT},
     *              or {@link AckException.Reason#DISCONNECTED} when the socket disconnected first
     * @param args  the ack's arguments (empty on error)
     */
    void onAck(AckException error, List<JsonNode> args);
}
