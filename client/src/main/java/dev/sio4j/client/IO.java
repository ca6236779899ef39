// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.client.internal.EventLoops;
import dev.sio4j.client.internal.RealManager;
import java.net.URI;
import java.util.Objects;

/**
 * Entry point, like socket.io-client's {@code io()}.
 *
 * <pre>{@code
 * Socket socket = IO.socket(URI.create("http://localhost:3000/chat"), ClientOptions.defaults());
 * }</pre>
 *
 * <p>The URI path names the namespace ("/" when empty); its query is sent with every request.
 * With a shared {@link ClientRuntime} in the options, sockets to the same server share a manager
 * (multiplex) unless {@code forceNew} or {@code multiplex(false)}; without one, every call makes
 * its own manager on its own one-thread runtime (there is no global state).
 *
 * <p>Stateless; thread-safe.
 */
public final class IO {

    private IO() {
    }

    public static Socket socket(URI uri) {
        return socket(uri, ClientOptions.defaults());
    }

    public static Socket socket(URI uri, ClientOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        String namespace = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getPath();
        return managerFor(uri, namespace, options).socket(namespace, options);
    }

    /** A new manager (never cached). */
    public static Manager manager(URI uri, ClientOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        return new RealManager(uri, options, loopsOf(options.runtime()));
    }

    private static Manager managerFor(URI uri, String namespace, ClientOptions options) {
        ClientRuntime runtime = options.runtime();
        if (runtime == null || options.forceNew() || !options.multiplex()) {
            return new RealManager(uri, options, loopsOf(runtime));
        }
        String key = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + options.path();
        RealManager shared = runtime.managerFor(key, uri, options);
        // As socket.io-client: a second socket for a namespace the shared manager already has
        // gets a connection of its own (e.g. the same server with another query string).
        return shared.hasSocket(namespace) ? new RealManager(uri, options, runtime.loops()) : shared;
    }

    /** The loops of {@code runtime}, or null for a manager with a private one. */
    private static EventLoops loopsOf(ClientRuntime runtime) {
        return runtime == null ? null : runtime.loops();
    }
}
