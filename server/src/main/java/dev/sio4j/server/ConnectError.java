// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * Refuses a namespace connection from a middleware, passed to {@code next.fail(...)} or thrown.
 * The client receives a CONNECT_ERROR packet {@code {"message": message, "data": data}} (data
 * omitted when null) and its socket emits {@code connect_error}; the underlying connection stays
 * open. This is the one way to send a message on purpose: any other exception from a middleware
 * reaches the client only as {@code "server error"} (see {@link Middleware}).
 *
 * <pre>{@code
 * io.use((socket, next) -> {
 *     if (socket.handshake().auth().path("token").isMissingNode())
 *         next.fail(new ConnectError("unauthorized", Map.of("retry", false)));
 *     else next.proceed();
 * });
 * }</pre>
 *
 * <p>Immutable and thread-safe when {@code data} is an immutable JSON-able value.
 */
public class ConnectError extends Exception {

    private final transient Object data;

    /** An error with a message and no data. */
    public ConnectError(String message) {
        this(message, null);
    }

    /** An error with a message and any JSON-able data (or null). */
    public ConnectError(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    /** The data sent with the message, or null. */
    public Object data() {
        return data;
    }
}
