// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * An acknowledgement that will not come, with the same shape on the server and on the client:
 * no answer within the emit's timeout ({@link Reason#TIMEOUT}, socket.io's "operation has timed
 * out"), or the socket disconnected before the answer ({@link Reason#DISCONNECTED}, "socket has
 * been disconnected"). A broadcast's timeout carries the answers that did arrive
 * ({@link #responses()}). Ack callbacks receive it as their error, and futures fail with it.
 *
 * <pre>{@code
 * socket.timeout(Duration.ofSeconds(5)).emitWithAck("question").exceptionally(e -> {
 *     if (e.getCause() instanceof AckException ack && ack.reason() == AckException.Reason.TIMEOUT) { ... }
 *     return null;
 * });
 * }</pre>
 *
 * <p>Unchecked, without a stack trace (it is an outcome, not a bug); immutable and thread-safe.
 */
public final class AckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the acknowledgement will not come. */
    public enum Reason {
        /** No answer within the timeout. */
        TIMEOUT,
        /** The socket disconnected before the answer. */
        DISCONNECTED
    }

    private final Reason reason;
    private final transient List<JsonNode> responses;
    private final String disconnectReason;

    private AckException(Reason reason, List<JsonNode> responses, String disconnectReason) {
        super(reason == Reason.TIMEOUT ? "operation has timed out"
                : "socket has been disconnected" + (disconnectReason == null ? "" : " (" + disconnectReason + ")"),
                null, false, false);
        this.reason = reason;
        this.responses = List.copyOf(responses);
        this.disconnectReason = disconnectReason;
    }

    /** A timeout; {@code responses} are the answers that arrived in time (a broadcast's), else empty. */
    public static AckException timeout(List<JsonNode> responses) {
        return new AckException(Reason.TIMEOUT, Objects.requireNonNull(responses, "responses"), null);
    }

    /** The socket disconnected first; {@code disconnectReason} is socket.io's reason string, or null. */
    public static AckException disconnected(String disconnectReason) {
        return new AckException(Reason.DISCONNECTED, List.of(), disconnectReason);
    }

    /** Why the acknowledgement will not come. */
    public Reason reason() {
        return reason;
    }

    /** The answers received before a broadcast's timeout; empty otherwise. */
    public List<JsonNode> responses() {
        return responses;
    }

    /** With {@link Reason#DISCONNECTED}: the socket's disconnect reason, when known; else null. */
    public String disconnectReason() {
        return disconnectReason;
    }
}
