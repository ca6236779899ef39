// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * An event listener, as in socket.io-client: it gets the event's arguments.
 *
 * <p>For a server event the arguments are Jackson {@code JsonNode}s (binary is a
 * {@code BinaryNode}), followed by an {@link Ack} when the server asked for an acknowledgement.
 * Reserved events: {@code connect} (none), {@code connect_error} ({@link ConnectError}),
 * {@code disconnect} (reason {@code String}, details {@code Throwable} or null); manager events as
 * listed on {@link Manager}.
 *
 * <p>Called on the manager's event loop, in order; it must not block. An implementation is
 * confined to that loop unless it registers on several managers.
 */
@FunctionalInterface
public interface Listener {
    void call(Object... args);
}
