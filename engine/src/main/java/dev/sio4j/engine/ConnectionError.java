// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A refused HTTP request: engine.io's {@code connection_error} event, {@code {code, message,
 * context}}, with the request's client address, method, path and headers. The server hands one
 * to its {@link EngineServer#onConnectionError listeners} for every request it refuses (a
 * handshake or a later poll or upgrade, whatever the cause), and logs it at INFO on the logger
 * {@code dev.sio4j.engine.refusals} under the same {@link #id()}, without headers, query or body
 * (at most 10 lines a second). A refused handshake's client finds the id too, in the JSON error
 * body: {@code {"code":4,"message":"Forbidden","id":"..."}} (requests of a session keep
 * engine.io's body exactly).
 *
 * <pre>{@code
 * io.onConnectionError(e -> log.info("refused {} {} from {}: {} ({})",
 *         e.cause(), e.id(), e.address(), e.message(), e.context()));
 * }</pre>
 *
 * @param id      a short random id, also in the server's log line for this refusal and in the
 *                JSON error body of a refused handshake
 * @param cause   the refusal's class, as counted by {@link RefusalCounts}
 * @param status  the HTTP status sent (403, 400, 429, 413, 431, ...)
 * @param code    engine.io's error code: 0 transport unknown, 1 session id unknown, 2 bad
 *                handshake method, 3 bad request, 4 forbidden, 5 unsupported protocol version
 *                (3 for refusals engine.io does not know, such as oversized headers; 4 for
 *                origin, allowRequest and limits)
 * @param message the error message sent with the code (e.g. {@code "Forbidden"})
 * @param context details, e.g. {@code name} (engine.io's names such as
 *                {@code TRANSPORT_MISMATCH}, or sio4j's such as {@code ORIGIN_NOT_ALLOWED},
 *                {@code TOO_MANY_CONNECTIONS}), {@code origin}, {@code limit}; never a session
 *                id or a token
 * @param address the client's address ({@link EngineRequest#clientAddress()}), or {@code ""}
 * @param method  the HTTP method, or {@code ""} when the request line did not parse
 * @param path    the request path without its query, or {@code ""}
 * @param headers the request headers as received (lower-case names; empty when they did not
 *                parse). They may carry cookies or an {@code Authorization}: do not log them as
 *                they are ({@link #toString()} leaves them out)
 *
 * <p>Immutable and thread-safe.
 */
public record ConnectionError(String id, RefusalCause cause, int status, int code, String message,
        Map<String, String> context, String address, String method, String path, Map<String, List<String>> headers) {

    public ConnectionError {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
        context = Map.copyOf(context);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** Everything but the headers (which may hold credentials). */
    @Override
    public String toString() {
        return "ConnectionError[" + id + " " + cause + " " + status + " code " + code + " \"" + message + "\" "
                + context + " from " + address + " " + method + " " + path + "]";
    }
}
