// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import java.util.Objects;

/**
 * An incoming event or ack went over one of the socket's {@link SocketLimits} and was dropped.
 * Handed to the socket's {@link Socket#onError error listeners} (socket.io's {@code "error"}
 * event), never thrown at the caller.
 *
 * <pre>{@code
 * socket.onError(e -> {
 *     if (e instanceof SocketLimitException limit) socket.emit("slow_down", limit.limit().name());
 * });
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketLimitException extends RuntimeException {

    /** Which limit was hit. */
    public enum Limit {
        /** {@link SocketLimits#maxArgumentsPerEvent()} */
        ARGUMENTS,
        /** {@link SocketLimits#eventsPerSecond()} */
        EVENT_RATE,
        /** {@link SocketLimits#bytesPerSecond()} */
        BYTE_RATE
    }

    private final Limit limit;
    private final String event;

    /**
     * @param limit the limit hit
     * @param event the event's name, or null for an ack
     * @param message what happened, for logs
     */
    public SocketLimitException(Limit limit, String event, String message) {
        super(message, null, false, false);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.event = event;
    }

    public Limit limit() {
        return limit;
    }

    /** The dropped event's name, or null when an ack was dropped. */
    public String event() {
        return event;
    }
}
