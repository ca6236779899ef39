// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * Told when a socket disconnects, with the reason as an enum; see {@link Socket#onDisconnect}.
 * Runs where the socket's listeners run (its event loop by default); it must not block.
 */
@FunctionalInterface
public interface DisconnectListener {
    /** @param reason why; {@link DisconnectReason#wireName()} is the string socket.io gives */
    void onDisconnect(DisconnectReason reason);
}
