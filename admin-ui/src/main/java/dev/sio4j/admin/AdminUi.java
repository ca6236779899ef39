// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import dev.sio4j.admin.internal.Instrumentation;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.SocketIoServer;

import java.util.Objects;

/**
 * The server side of the official Socket.IO admin UI ({@code @socket.io/admin-ui} 0.5): after
 * {@link #instrument}, the UI (hosted by you from the npm package's {@code ui/dist}, or
 * admin.socket.io) connects to the admin namespace and shows this server's statistics, its
 * namespaces, sockets and rooms live, and can make sockets join or leave rooms, disconnect them
 * and emit to them.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder().build();
 * AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
 *         .auth(AdminAuth.basic("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS"))
 *         .build());
 * io.listen(3000);
 * ...
 * admin.close();
 * io.close();
 * }</pre>
 *
 * <p>Call it before clients connect: sockets connected earlier are listed, but their upgrades
 * and events are not followed. What it sends and how it differs from Node's {@code instrument}
 * is in docs/OPERATIONS.md ("Admin UI").
 *
 * <p>Thread-safe. It owns one daemon thread (the statistics timer and the bcrypt checks), which
 * {@link #close()} stops.
 */
public final class AdminUi implements AutoCloseable {

    private final Instrumentation instrumentation;

    private AdminUi(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * Creates the admin namespace on {@code io} with its authentication and handlers, follows
     * every namespace's sockets and rooms, and starts sending statistics.
     *
     * @throws IllegalStateException when {@code io} already has the admin namespace with sockets
     */
    public static AdminUi instrument(SocketIoServer io, AdminUiOptions options) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        return new AdminUi(Instrumentation.start(io, options));
    }

    /**
     * The admin namespace. A middleware added to it now runs after the authentication; one that
     * must run first (an address check) goes on {@code io.of("/admin")} before {@link #instrument}.
     */
    public Namespace namespace() {
        return instrumentation.namespace();
    }

    /** Stops the statistics and the live updates, and disconnects the admin sockets. Idempotent. */
    @Override
    public void close() {
        instrumentation.close();
    }
}
