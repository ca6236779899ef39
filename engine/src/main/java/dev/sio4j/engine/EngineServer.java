// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.engine.internal.RealEngineServer;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An Engine.IO v4 server (engine.io 6.6 compatible): handshake, HTTP long-polling, WebSocket,
 * upgrade, heartbeat. Each new session is handed to {@code onConnection} on the session's event
 * loop; set its listener there.
 *
 * <p>Standalone: {@link #listen} binds a port (0 picks a free one). Attached: put
 * {@link #newHttpHandler()} into your own pipeline after an {@code HttpServerCodec}; requests
 * outside {@link EngineOptions#path()} (and, when an {@link HttpFallback} is set, those for the
 * socket.io client files under it) continue down your pipeline untouched.
 *
 * <pre>{@code
 * EngineServer server = EngineServer.create(EngineOptions.defaults(), socket ->
 *         socket.setListener(new EchoListener(socket)));
 * InetSocketAddress bound = server.listen("127.0.0.1", 0).join();
 * ...
 * server.close().join();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface EngineServer {

    /** A server with {@code options}; nothing is bound until {@link #listen}. */
    static EngineServer create(EngineOptions options, Consumer<EngineSocket> onConnection) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onConnection, "onConnection");
        return new RealEngineServer(options, onConnection);
    }

    /** The options this server runs with. */
    EngineOptions options();

    /**
     * Binds {@code host:port} (port 0: any free port) and serves Engine.IO there.
     *
     * @return the bound address, or a failed future (e.g. port in use, or the server is closed)
     */
    CompletableFuture<InetSocketAddress> listen(String host, int port);

    /**
     * A new handler for one channel of a user's pipeline, to be placed after an
     * {@code HttpServerCodec} (and before the user's own HTTP handlers, without an aggregator in
     * front of it). It serves requests under {@link EngineOptions#path()} (replacing itself by
     * the WebSocket handlers on an upgrade) and passes every other request on unchanged. On an
     * upgrade under the path it takes the {@code HttpServerCodec}'s decoding half out at once, so
     * that bytes sent right behind the request wait for the handshake and then reach the
     * WebSocket decoder; with another HTTP decoder in its place such bytes are not guaranteed to.
     */
    ChannelHandler newHttpHandler();

    /** The number of open sessions. */
    int clientsCount();

    /**
     * Adds a listener of refused requests (engine.io's {@code connection_error} event): called
     * once for every HTTP request the server refuses, a handshake or a later request, whatever
     * the cause (origin, allowRequest, limits, malformed requests). Called on the connection's
     * event loop: it must not block; an exception it throws is logged and ignored.
     */
    void onConnectionError(Consumer<ConnectionError> listener);

    /** How many requests and sessions were refused, by cause. */
    RefusalCounts refusals();

    /**
     * Reads the {@link EngineOptions#tls() certificate files} again (a renewed certificate) and
     * serves new connections with them; connections already open keep theirs. Reads files on
     * the calling thread: do not call it on an event loop. The server also does this by itself
     * when the files change (see {@link TlsOptions#reloadCheckInterval()}).
     *
     * @throws IllegalStateException when the server has no TLS files, or they cannot be used
     *         (the reason is the message; the certificate in use stays)
     */
    void reloadTls();

    /**
     * Closes every session (reason {@link CloseReason#SERVER_SHUTTING_DOWN}, whose wire name is
     * engine.io's {@code "forced close"}; a CLOSE packet sent to each after what was queued for
     * it), unbinds, and shuts down the event loops the server created. As engine.io, a WebSocket
     * whose peer reads slowly is given time to drain: up to its ping timeout, at most 5 s, before
     * its connection is closed anyway. Idempotent; the future completes once all that is done.
     */
    CompletableFuture<Void> close();
}
