// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * An acknowledgement did not arrive within the {@code timeout(...)} of the emission
 * ("operation has timed out", as socket.io says). For a broadcast, {@link #responses()} holds
 * the answers that did arrive.
 *
 * <p>Immutable and thread-safe.
 */
public final class AckTimeoutException extends TimeoutException {

    private final transient List<JsonNode> responses;

    /** A timeout with the responses that arrived in time. */
    public AckTimeoutException(List<JsonNode> responses) {
        super("operation has timed out");
        this.responses = List.copyOf(responses);
    }

    /** The responses received before the timeout (empty for a single socket). */
    public List<JsonNode> responses() {
        return responses;
    }
}
