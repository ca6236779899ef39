// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

/**
 * An action sent by an admin UI client ({@code emit}, {@code join}, {@code leave},
 * {@code _disconnect}) that was not carried out. Only the session that sent it hears of it: it
 * gets the event {@code "action_error"} with {@code {action, reason, message}} (and its ack, when
 * it asked for one, {@code {error: message}}), stays connected, and may send the next action.
 * The exception also goes to {@link AdminUiOptions.Builder#onActionError}, if set.
 *
 * <p>Immutable and thread-safe.
 */
public final class AdminActionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an action was refused. */
    public enum Reason {
        /** The instrumentation is read-only ({@link AdminUiOptions#readonly()}). */
        READONLY,
        /** An argument is missing or of the wrong type (a namespace, room or event name that is not a string, ...). */
        INVALID_ARGUMENT,
        /** The namespace does not exist on this server (actions never create namespaces). */
        UNKNOWN_NAMESPACE,
        /** The event name is one socket.io reserves ({@code connect}, {@code disconnect}, ...). */
        RESERVED_EVENT
    }

    private final String action;
    private final Reason reason;

    /** An exception for {@code action} refused for {@code reason}, described by {@code message}. */
    public AdminActionException(String action, Reason reason, String message) {
        super(message);
        this.action = action;
        this.reason = reason;
    }

    /** The action's event name, as the client sent it (control characters replaced). */
    public String action() {
        return action;
    }

    /** Why it was refused. */
    public Reason reason() {
        return reason;
    }
}
