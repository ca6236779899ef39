// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * Told when a socket disconnects; see {@link Socket#onDisconnect}. Called on the manager's event
 * loop; it must not block.
 */
@FunctionalInterface
public interface DisconnectListener {
    /**
     * @param reason  why, as an enum (its {@link DisconnectReason#wireName() wireName} is the
     *                string socket.io-client gives)
     * @param details the underlying error, or null
     */
    void onDisconnect(DisconnectReason reason, Throwable details);
}
