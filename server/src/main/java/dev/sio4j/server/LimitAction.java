// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/** What a socket's limit does to an event over it ({@link SocketLimits#onViolation()}). */
public enum LimitAction {
    /**
     * The event (or ack) is dropped: no listener sees it, its ack is never answered, and the
     * socket's {@link Socket#onError error listeners} get a {@link SocketLimitException}. The
     * socket stays connected, unless {@link SocketLimits#disconnectAfterViolations()} says
     * otherwise.
     */
    DROP,
    /**
     * The event is dropped, the error listeners get the {@link SocketLimitException}, and the
     * socket is disconnected from its namespace ("server namespace disconnect"; the official
     * client does not reconnect by itself after that).
     */
    DISCONNECT
}
