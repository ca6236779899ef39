// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Set;

/**
 * The socket.io client bundle's file names, which socket.io 4.8 serves directly under its path
 * before engine.io sees the request ({@code serveClient}). With an {@code HttpFallback}
 * configured, a GET or HEAD for one of them is the fallback's, not Engine.IO's.
 *
 * <p>The match is on the raw request target, as socket.io's: nothing is decoded or normalised,
 * so {@code ..} segments, percent-encoded characters, extra slashes or case changes never name a
 * client file and stay Engine.IO requests (which answer "Transport unknown"). Stateless;
 * thread-safe.
 */
final class ClientFiles {

    /** socket.io 4.8's {@code CLIENT_FILES}: the bundles and their source maps. */
    static final Set<String> NAMES = Set.of(
            "socket.io.js", "socket.io.js.map",
            "socket.io.min.js", "socket.io.min.js.map",
            "socket.io.esm.min.js", "socket.io.esm.min.js.map",
            "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map");

    private ClientFiles() {
    }

    /**
     * Whether {@code req} asks for a client file under {@code path} (which ends with {@code /}):
     * GET or HEAD, the target being {@code path + name}, optionally followed by a query.
     */
    static boolean requested(HttpRequest req, String path) {
        HttpMethod m = req.method();
        return (HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m)) && names(req.uri(), path);
    }

    /** Whether the raw request target {@code uri} names a client file under {@code path}. */
    static boolean names(String uri, String path) {
        if (!uri.startsWith(path)) {
            return false;
        }
        int query = uri.indexOf('?', path.length());
        String name = uri.substring(path.length(), query < 0 ? uri.length() : query);
        return NAMES.contains(name);
    }
}
