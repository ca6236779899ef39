// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * A namespace middleware ({@code io.use(...)}), run in registration order for every socket that
 * tries to connect, before {@code connection}. Each must call exactly one of
 * {@link Next#proceed()} or {@link Next#fail(ConnectError)}, now or later from any thread.
 * Throwing a {@link ConnectError} is the same as passing it to {@code fail}: its message and
 * data go to the client. Any other exception is taken for a bug: the client gets the generic
 * CONNECT_ERROR message {@code "server error"} (an exception's text may hold internals), and the
 * exception is logged at WARN with a short error id, without the CONNECT payload.
 *
 * <pre>{@code
 * io.use((socket, next) -> {
 *     String token = socket.handshake().auth().path("token").asText(null);
 *     if (tokens.valid(token)) next.proceed();
 *     else next.fail(new ConnectError("unauthorized"));
 * });
 * }</pre>
 *
 * <p>With connection state recovery and {@code skipMiddlewares} (the default), a socket that
 * recovers its session skips the middlewares, as in socket.io, except those whose
 * {@link #runsOnRecovery()} is true: a check whose verdict can change while the client is away
 * (a token that expires) overrides it and sees {@link Socket#recovered()} true and the restored
 * {@link Socket#data()}.
 *
 * <p>Called on the socket's listener executor; must not block an event loop.
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Checks {@code socket} (not yet connected; its handshake and data are set).
     *
     * @throws ConnectError to refuse the connection, as {@link Next#fail(ConnectError)} does
     */
    void handle(Socket socket, Next next) throws ConnectError;

    /**
     * Whether this middleware also runs for a socket restored by connection state recovery when
     * {@link ConnectionStateRecovery#skipMiddlewares()} is on; default false (skipped, as in
     * socket.io). A refusal then refuses the recovery: the client gets the CONNECT_ERROR and the
     * session is not restored.
     */
    default boolean runsOnRecovery() {
        return false;
    }

    /** Continues or stops the middleware chain; only the first call counts. Thread-safe. */
    interface Next {

        /** Lets the next middleware run, or connects the socket after the last one. */
        void proceed();

        /** Refuses the connection with a CONNECT_ERROR carrying {@code error}'s message and data. */
        void fail(ConnectError error);
    }
}
