// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * A pending acknowledgement can no longer arrive because its socket disconnected
 * ("socket has been disconnected"). Carries the disconnect reason.
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketDisconnectedException extends IllegalStateException {

    private final String reason;

    /** The socket disconnected with {@code reason} (socket.io's reason string). */
    public SocketDisconnectedException(String reason) {
        super("socket has been disconnected (" + reason + ")");
        this.reason = reason;
    }

    /** The disconnect reason, e.g. {@code "transport close"}. */
    public String reason() {
        return reason;
    }
}
