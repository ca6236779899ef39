// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.Transport;

import java.util.function.Consumer;

/**
 * The Engine.IO connection under a socket (socket.io's {@code socket.conn}), shared by the
 * sockets of one client in several namespaces; for tools that show connections, such as the
 * admin UI. Obtained from {@link Socket#conn()}.
 *
 * <pre>{@code
 * io.on("connection", socket -> {
 *     log.info("{} over {}", socket.id(), socket.conn().transport().wireName());
 *     socket.conn().onUpgrade(t -> log.info("{} upgraded to {}", socket.id(), t.wireName()));
 * });
 * }</pre>
 *
 * <p>Thread-safe. Listeners run on the connection's event loop: they must be quick and must not
 * block.
 */
public interface Connection {

    /**
     * A random id of this connection (120+ bits), the same for each of its sockets. It is not
     * the Engine.IO session id ({@code sid}), which authenticates the client's requests and is
     * never exposed.
     */
    String id();

    /** The transport in use now: {@link Transport#POLLING} until an upgrade to WebSocket completes. */
    Transport transport();

    /** Adds a listener called with the new transport once an upgrade completes. */
    void onUpgrade(Consumer<Transport> listener);

    /**
     * Adds a listener called once, with the reason, when the connection closes (after its
     * sockets' disconnect handling started); at once, on the caller's thread, when it is closed already.
     */
    void onClose(Consumer<DisconnectReason> listener);
}
