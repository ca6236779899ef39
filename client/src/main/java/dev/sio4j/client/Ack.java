// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * Answers a server event that asked for an acknowledgement; given as the last listener argument.
 * Only the first {@link #send} counts.
 *
 * <p>Thread-safe.
 */
@FunctionalInterface
public interface Ack {
    /** Sends the acknowledgement with JSON-able arguments (byte[]/ByteBuffer become binary). */
    void send(Object... args);
}
