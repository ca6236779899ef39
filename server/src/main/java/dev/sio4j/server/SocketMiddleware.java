// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A per-socket middleware ({@code socket.use(...)}): runs for every incoming event of that
 * socket, in registration order, before its listeners. Each must call exactly one of
 * {@link Next#proceed()} or {@link Next#fail(Exception)}; a failure drops the event and is
 * reported to the socket's {@link Socket#onError error listeners}.
 *
 * <pre>{@code
 * socket.use((event, args, next) -> {
 *     if (event.equals("admin") && !isAdmin(socket)) next.fail(new SecurityException("forbidden"));
 *     else next.proceed();
 * });
 * }</pre>
 *
 * <p>Called on the socket's listener executor.
 */
@FunctionalInterface
public interface SocketMiddleware {

    /** Checks the event {@code event} with {@code args} (the ack, if any, is not among them). */
    void handle(String event, List<JsonNode> args, Next next);

    /** Continues or stops the chain; only the first call counts. Thread-safe. */
    interface Next {

        /** Lets the event through to the next middleware or the listeners. */
        void proceed();

        /** Drops the event and reports {@code error} to the socket's error listeners. */
        void fail(Exception error);
    }
}
