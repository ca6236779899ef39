// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery settings (socket.io's {@code connectionStateRecovery}, off unless
 * given to {@link ServerOptions.Builder#connectionStateRecovery}). A socket that drops for a
 * recoverable reason keeps its id, rooms and data for {@code maxDisconnectionDuration}; a client
 * that reconnects in time with its private id and last offset gets the broadcasts it missed and
 * {@link Socket#recovered()} true. With {@code skipMiddlewares} a recovered socket skips the
 * namespace middlewares.
 *
 * <pre>{@code
 * ServerOptions.builder().connectionStateRecovery(ConnectionStateRecovery.defaults()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxDisconnectionDuration how long a session is kept, default 2 minutes
 * @param skipMiddlewares          whether recovered sockets skip middlewares, default true
 */
public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

    public ConnectionStateRecovery {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
    }

    /** Two minutes, skipping middlewares (socket.io's defaults). */
    public static ConnectionStateRecovery defaults() {
        return new ConnectionStateRecovery(Duration.ofMinutes(2), true);
    }
}
