// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.AckException;

import java.util.List;

/**
 * Receives the answers of a broadcast with acknowledgements: one response (each client's first
 * ack argument) per client. Pass it as the last argument of {@link BroadcastOperator#emit}
 * after {@link BroadcastOperator#timeout}.
 *
 * <pre>{@code
 * io.timeout(Duration.ofSeconds(2)).emit("poll",
 *         (BroadcastAckCallback) (err, responses) -> log.info("{} answers", responses.size()));
 * }</pre>
 *
 * <p>Called exactly once, from a timer or an event-loop thread; must not block.
 */
@FunctionalInterface
public interface BroadcastAckCallback {

    /**
     * @param error     null when every client answered; an {@link AckException} with
     *                  {@link AckException.Reason#TIMEOUT} otherwise
     * @param responses the responses received (all of them, or those that arrived in time)
     */
    void onAck(AckException error, List<JsonNode> responses);
}
