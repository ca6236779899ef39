// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a CONNECT to a namespace that does not exist yet creates it as a child of a
 * dynamic parent namespace ({@link SocketIoServer#of(NamespaceMatcher)}). The child gets the
 * parent's middlewares and connection listeners.
 *
 * <pre>{@code
 * io.of((name, auth) -> name.startsWith("/tenant-")).on("connection", socket -> ...);
 * }</pre>
 *
 * <p>Called on the connecting client's event loop: must be fast, must not block; thread-safe.
 */
@FunctionalInterface
public interface NamespaceMatcher {

    /** Whether {@code name} (with the CONNECT packet's {@code auth} object) belongs to this parent. */
    boolean matches(String name, JsonNode auth);
}
