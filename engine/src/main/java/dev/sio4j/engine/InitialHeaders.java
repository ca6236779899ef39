// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Adds headers to the response that opens a session (engine.io's {@code initial_headers} event):
 * the polling handshake response, or the {@code 101 Switching Protocols} of a direct WebSocket
 * connection. Typical use: a {@code Set-Cookie}.
 *
 * <p>Called on the connection's event loop, once per handshake; must not block. Header names and
 * values are validated by Netty (no CR/LF injection). Implementations must be thread-safe: one
 * instance serves the connections of every event loop.
 *
 * <pre>{@code
 * InitialHeaders hook = (req, headers) -> headers.add("Set-Cookie", "theme=dark; Path=/");
 * }</pre>
 */
@FunctionalInterface
public interface InitialHeaders {

    /** Adds to {@code headers} what the handshake response of {@code request} should carry. */
    void apply(EngineRequest request, HttpHeaders headers);
}
