// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.protocol.PayloadMappingException;

import java.util.Objects;

/**
 * An incoming event's first argument did not map to the type its listener declared (for example
 * {@code socket.on("order", Order.class, ...)} and the client sent {@code "abc"}). JavaScript has
 * no typed listeners, so socket.io has no equivalent; sio4j treats it as the application's
 * concern, not a protocol violation:
 * <ul>
 *   <li>that listener is not called (other listeners of the event still are);</li>
 *   <li>the socket stays connected;</li>
 *   <li>the client's acknowledgement, if it asked for one, is not answered by that listener;</li>
 *   <li>this exception goes to the socket's {@link Socket#onError error listeners}, or, when it
 *       has none, is logged at debug level (a client cannot fill the logs with it).</li>
 * </ul>
 * The cause is the {@link PayloadMappingException} with Jackson's explanation.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventArgumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String event;
    private final transient Class<?> type;

    /** The argument of {@code event} could not be mapped to {@code type}. */
    public EventArgumentException(String event, Class<?> type, PayloadMappingException cause) {
        super("the argument of event \"" + event + "\" does not map to " + type.getName(), cause);
        this.event = Objects.requireNonNull(event, "event");
        this.type = type;
    }

    /** The name of the event whose argument did not fit. */
    public String event() {
        return event;
    }

    /** The type the listener declared. */
    public Class<?> type() {
        return type;
    }
}
