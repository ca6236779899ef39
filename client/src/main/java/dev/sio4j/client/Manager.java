// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import java.net.URI;

/**
 * One connection to a server (socket.io-client's Manager): the Engine.IO session, reconnection
 * with backoff, and the namespaces multiplexed over it.
 *
 * <p>Events: {@code open}; {@code error} (Throwable); {@code close} (reason String, details
 * Throwable or null); {@code ping}; {@code reconnect_attempt} (Integer attempt);
 * {@code reconnect} (Integer attempts); {@code reconnect_error} (Throwable);
 * {@code reconnect_failed}.
 *
 * <pre>{@code
 * Manager manager = IO.manager(URI.create("https://example.com"), options);
 * Socket main = manager.socket("/");
 * Socket admin = manager.socket("/admin");        // same connection
 * manager.on("reconnect_attempt", args -> log.info("attempt {}", args[0]));
 * }</pre>
 *
 * <p>Thread-safe. Its state and all listener calls are confined to one event loop of its
 * {@link ClientRuntime}.
 */
public interface Manager extends AutoCloseable {

    /** The socket of {@code namespace}, created with the manager's options on first use. */
    Socket socket(String namespace);

    /** The socket of {@code namespace}; {@code options} supply its auth, retries and ackTimeout. */
    Socket socket(String namespace, ClientOptions options);

    /** Opens the connection if it is closed. Sockets call this themselves. */
    Manager open();

    /** Closes the connection and every socket's session; no reconnection. Never blocks. */
    @Override
    void close();

    /**
     * Closes like {@link #close()}; the future completes once the packets still buffered were
     * written and the connection is closed. Useful before exiting a program.
     */
    java.util.concurrent.CompletableFuture<Void> shutdown();

    Manager on(String event, Listener listener);

    Manager on(String event, Runnable listener);

    Manager once(String event, Listener listener);

    Manager off(String event, Object listener);

    Manager off(String event);

    /** The server URI (scheme, host, port). */
    URI uri();

    ClientOptions options();

    /** The current transport, "polling" or "websocket", or null while closed. */
    String transport();
}
