// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.engine.CorsOptions;
import dev.sio4j.examples.chat.internal.ChatNamespaceHandlers;
import dev.sio4j.auth.JwtAuth;
import dev.sio4j.examples.chat.internal.ChatResources;
import dev.sio4j.examples.chat.internal.ChatSecurity;
import dev.sio4j.examples.chat.internal.ClusterAdapters;
import dev.sio4j.examples.chat.internal.MainNamespaceHandlers;
import dev.sio4j.examples.chat.internal.ProbeEndpoints;
import dev.sio4j.examples.chat.internal.StaticFiles;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketIoServer;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chat: a Socket.IO server with the tutorial's behaviour on {@code /} and {@code /chat}, which
 * also serves the chat page at {@code /} and the official client bundle at
 * {@code /socket.io/socket.io.js} and {@code /socket.io/socket.io.min.js}, all on one port bound
 * by {@link SocketIoServer#listen(String, int)} (the page and bundle are its {@code HttpFallback},
 * so they get the engine's HTTP limits and timeouts). With {@link ChatConfig#tls()} it serves
 * https and wss; with {@link ChatConfig#jwt()} both namespaces admit only sockets with a valid
 * token (sio4j-auth's {@link JwtAuth}), which are shown by the token's name and disconnected when
 * it expires.
 *
 * <p>Lifecycle: {@link #start} binds and returns a running chat; {@link #close} shuts it down
 * gracefully (every socket is disconnected with "server shutting down", queued writes are
 * flushed, then the port is released); {@link #drain} does it for a deploy, so that clients move
 * to another node. {@code GET /health} and {@code GET /ready} are served unless
 * {@link ChatProbes} says otherwise. Several chats may run in one JVM.
 *
 * <pre>{@code
 * try (ChatServer chat = ChatServer.start(ChatConfig.builder().port(0).build())) {
 *     System.out.println(chat.url());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ChatServer implements AutoCloseable {

    /** How long {@link #close()} waits for the server to finish. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** How long {@link #start} waits to be connected to the cluster's Redis and subscribed. */
    public static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

    /** The Socket.IO path; the client bundle is served under it. */
    static final String PATH = "/socket.io/";

    private final SocketIoServer io;
    private final ClusterAdapterFactory cluster;
    private final JwtAuth auth;
    private final InetSocketAddress address;
    private final String url;
    /** The admin UI's instrumentation ({@code --admin}), or null. */
    private volatile dev.sio4j.admin.AdminUi adminUi;
    /** {@code /metrics} ({@link ChatMetrics}), or null when off. */
    private volatile dev.sio4j.examples.chat.internal.MetricsEndpoint metrics;

    private ChatServer(SocketIoServer io, ClusterAdapterFactory cluster, JwtAuth auth, InetSocketAddress address,
                       String url) {
        this.io = io;
        this.cluster = cluster;
        this.auth = auth;
        this.address = address;
        this.url = url;
    }

    /** {@link #start(ChatConfig, ChatAdmin)} without the admin UI. */
    public static ChatServer start(ChatConfig config) {
        return start(config, ChatAdmin.off());
    }

    /**
     * {@link #start(ChatConfig, ChatAdmin, ChatMetrics, ChatProbes)} with {@code /metrics} for
     * loopback peers and both probes ({@code /health}, {@code /ready}).
     */
    public static ChatServer start(ChatConfig config, ChatAdmin admin) {
        return start(config, admin, ChatMetrics.loopbackOnly(), ChatProbes.defaults());
    }

    /**
     * Builds the chat and binds {@code config.host():config.port()}.
     *
     * @throws IllegalStateException when the page or the client bundle is missing from the class path,
     *         the cluster's Redis cannot be reached within {@link #CLUSTER_TIMEOUT}, or the TLS
     *         files cannot be used
     * @throws UncheckedIOException when the port cannot be bound (in use, unknown host...); nothing
     *         is left running then
     */
    public static ChatServer start(ChatConfig config, ChatAdmin admin, ChatMetrics metrics, ChatProbes probes) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(probes, "probes");
        var endpoint = Objects.requireNonNull(metrics, "metrics").open();
        // Page and bundle come from the jar; the engine hands this fallback every request outside
        // the Socket.IO path and the client files under it, as socket.io's serveClient does.
        StaticFiles files = new StaticFiles(admin.addFiles(ChatResources.load(ChatServer.class.getClassLoader(), PATH)));
        // Server and cluster are made after the options that hold the probes: read through holders.
        AtomicReference<SocketIoServer> server = new AtomicReference<>();
        AtomicReference<ClusterAdapterFactory> clusterOf = new AtomicReference<>();
        ServerOptions.Builder options = ServerOptions.builder()
                .path(PATH)
                .httpFallback(new ProbeEndpoints(endpoint == null ? admin.wrap(files) : endpoint.wrap(admin.wrap(files)),
                        probes.health(), probes.ready(), () -> notReadyReason(server.get(), clusterOf.get())));
        if (!config.corsOrigins().isEmpty()) {
            // The library admits the chat's own page; CORS widens that to the listed origins.
            options.cors(CorsOptions.builder()
                    .allowedOrigins(config.corsOrigins().toArray(String[]::new))
                    .build());
        }
        if (config.recovery()) {
            options.connectionStateRecovery(ConnectionStateRecovery.defaults());
        }
        ChatSecurity.apply(config, options);
        ClusterAdapterFactory cluster = config.redis() == null ? null : ClusterAdapters.redis(config.redis(), config.redisMode());
        clusterOf.set(cluster);
        if (cluster != null) {
            options.adapter(cluster);
        }
        ServerOptions built;
        try {
            built = options.build();
        } catch (IllegalArgumentException e) {
            // The options are checked by ChatConfig; what is left is the content of the TLS files.
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        SocketIoServer io = SocketIoServer.create(built);
        server.set(io);
        if (endpoint != null) {
            endpoint.bind(io);
        }
        JwtAuth auth = config.jwt() == null ? null : ChatSecurity.jwtAuth(config.jwt());
        var chat = io.of(ChatNamespaceHandlers.NAME);
        if (auth != null) {
            // Both namespaces: a page without a token must not read /chat either.
            io.use(auth);
            chat.use(auth);
        }
        boolean named = auth != null;
        io.on("connection", new MainNamespaceHandlers(io.of("/"), config.diagnostics(), named));
        chat.on("connection", new ChatNamespaceHandlers(chat, named));
        dev.sio4j.admin.AdminUi adminUi = admin.instrument(io);
        if (cluster != null) {
            // Both namespaces subscribed before the first client: what other nodes send from then on arrives.
            try {
                joinCluster(io, cluster, auth, config);
            } catch (RuntimeException e) {
                if (adminUi != null) {
                    adminUi.close();
                }
                if (endpoint != null) {
                    endpoint.close();
                }
                throw e;
            }
        }

        InetSocketAddress bound;
        try {
            bound = io.listen(config.host(), config.port());
        } catch (BindException e) {
            if (adminUi != null) {
                adminUi.close();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            shutDown(io, cluster, auth);
            throw new UncheckedIOException(e.getMessage(), e);
        }
        ChatServer started = new ChatServer(io, cluster, auth, bound, urlOf(config.scheme(), config.host(), bound.getPort()));
        started.adminUi = adminUi;
        started.metrics = endpoint;
        return started;
    }

    /** Why the chat is not ready for new sessions, or null when it is; cheap, for {@code /ready}. */
    private static String notReadyReason(SocketIoServer io, ClusterAdapterFactory cluster) {
        if (io == null) {
            return "starting";
        }
        if (!io.isAcceptingConnections()) {
            return io.state() == SocketIoServer.State.DRAINING ? "draining" : "shutting down";
        }
        if (cluster != null && !cluster.isConnected()) {
            return "not connected to the cluster's Redis";
        }
        return null;
    }

    private static void joinCluster(SocketIoServer io, ClusterAdapterFactory cluster, JwtAuth auth, ChatConfig config) {
        try {
            io.ready().get(CLUSTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(io, cluster, auth);
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            shutDown(io, cluster, auth);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot join the cluster through " + config.redis() + " ("
                    + config.redisMode().name().toLowerCase(java.util.Locale.ROOT) + "): " + cause.getMessage(), cause);
        }
    }

    private static void shutDown(SocketIoServer io, ClusterAdapterFactory cluster, JwtAuth auth) {
        io.close();
        if (cluster != null) {
            cluster.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound port. */
    public int port() {
        return address.getPort();
    }

    /** The URL to open in a browser, e.g. {@code http://localhost:3000/} ({@code https} with TLS). */
    public String url() {
        return url;
    }

    /** The underlying Socket.IO server, for applications that add to the chat. */
    public SocketIoServer io() {
        return io;
    }

    /** The registry behind {@code /metrics}, or null when it is off. */
    public io.micrometer.prometheusmetrics.PrometheusMeterRegistry metricsRegistry() {
        var m = metrics;
        return m == null ? null : m.registry();
    }

    /**
     * Shuts down gracefully and waits up to {@link #SHUTDOWN_TIMEOUT}: every client is told
     * ("server shutting down"), what is queued for it is flushed, then the port is released.
     * Idempotent.
     *
     * @throws IllegalStateException when the shutdown fails or does not finish in time
     */
    @Override
    public void close() {
        if (adminUi != null) {
            adminUi.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        try {
            io.closeAsync().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shutting down", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the chat did not shut down cleanly", e);
        } finally {
            if (cluster != null) {
                cluster.close(); // after the server, whose adapters say goodbye through it
            }
            if (auth != null) {
                auth.close();
            }
        }
    }

    /**
     * Drains gracefully, then closes (see {@link SocketIoServer#shutdown(Duration)}): new sessions
     * are refused with 503 and {@code /ready} says so, each client is ended once no ack is in
     * flight on it so that it reconnects to another node, and at {@code deadline} the rest is
     * closed. Waits for the drain and the close, at most {@code deadline} plus
     * {@link #SHUTDOWN_TIMEOUT}.
     *
     * @throws IllegalStateException when it does not finish in time
     */
    public void drain(Duration deadline) {
        try {
            io.shutdown(deadline).get(deadline.plus(SHUTDOWN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the chat did not drain cleanly", e);
        } finally {
            close(); // the admin UI, the cluster's connections and the JWT keys; the server is closed already
        }
    }

    static String urlOf(String host, int port) {
        return urlOf("http", host, port);
    }

    static String urlOf(String scheme, String host, int port) {
        String h = switch (host) {
            case "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0" -> "localhost";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return scheme + "://" + h + ":" + port + "/";
    }
}
