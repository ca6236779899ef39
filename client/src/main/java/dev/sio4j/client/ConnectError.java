// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The argument of {@code connect_error}: the server refused the namespace (middleware error, with
 * its message and optional data), or the connection could not be made ({@link #data()} null,
 * {@link #getCause()} set). Immutable.
 */
public final class ConnectError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient JsonNode data;

    public ConnectError(String message, JsonNode data, Throwable cause) {
        super(message, cause, false, false);
        this.data = data;
    }

    /** The server's {@code data}, or null. */
    public JsonNode data() {
        return data;
    }
}
