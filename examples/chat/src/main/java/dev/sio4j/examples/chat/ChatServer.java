package dev.sio4j.examples.chat;

import dev.sio4j.engine.CorsOptions;
import dev.sio4j.examples.chat.internal.ChatNamespaceHandlers;
import dev.sio4j.examples.chat.internal.ChatResources;
import dev.sio4j.examples.chat.internal.MainNamespaceHandlers;
import dev.sio4j.examples.chat.internal.OriginPolicy;
import dev.sio4j.examples.chat.internal.StaticFiles;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketIoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The chat: a Socket.IO server with the tutorial's behaviour on {@code /} and {@code /chat}, which
 * also serves the chat page at {@code /} and the official client bundle at
 * {@code /socket.io/socket.io.js} and {@code /socket.io/socket.io.min.js}, all on one port bound
 * by {@link SocketIoServer#listen(String, int)} (the page and bundle are its {@code HttpFallback},
 * so they get the engine's HTTP limits and timeouts).
 *
 * <p>Lifecycle: {@link #start} binds and returns a running chat; {@link #close} shuts it down
 * gracefully (every socket is disconnected with "server shutting down", queued writes are
 * flushed, then the port is released). Several chats may run in one JVM.
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

    /** The Socket.IO path; the client bundle is served under it. */
    static final String PATH = "/socket.io/";

    private final SocketIoServer io;
    private final InetSocketAddress address;
    private final String url;

    private ChatServer(SocketIoServer io, InetSocketAddress address, String url) {
        this.io = io;
        this.address = address;
        this.url = url;
    }

    /**
     * Builds the chat and binds {@code config.host():config.port()}.
     *
     * @throws IllegalStateException when the page or the client bundle is missing from the class path
     * @throws UncheckedIOException when the port cannot be bound (in use, unknown host...); nothing
     *         is left running then
     */
    public static ChatServer start(ChatConfig config) {
        Objects.requireNonNull(config, "config");
        // Page and bundle come from the jar; the engine hands this fallback every request outside
        // the Socket.IO path and the client files under it, as socket.io's serveClient does.
        StaticFiles files = new StaticFiles(ChatResources.load(ChatServer.class.getClassLoader(), PATH));
        ServerOptions.Builder options = ServerOptions.builder()
                .path(PATH)
                .httpFallback(files)
                .allowRequest(new OriginPolicy(config.corsOrigins()));
        if (!config.corsOrigins().isEmpty()) {
            // CORS headers for the listed origins; refusals are OriginPolicy's, which also lets the
            // chat's own page through (CORS alone would refuse it).
            options.cors(CorsOptions.builder()
                    .allowedOrigins(config.corsOrigins().toArray(String[]::new))
                    .rejectDisallowed(false)
                    .build());
        }
        SocketIoServer io = SocketIoServer.create(options.build());
        io.on("connection", new MainNamespaceHandlers(io.of("/")));
        var chat = io.of(ChatNamespaceHandlers.NAME);
        chat.on("connection", new ChatNamespaceHandlers(chat));

        InetSocketAddress bound;
        try {
            bound = io.listen(config.host(), config.port());
        } catch (RuntimeException e) {
            io.close();
            // Netty reports a bind failure (BindException, UnresolvedAddressException...) as the cause.
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(),
                    cause instanceof IOException ioe ? ioe : new IOException(cause.getMessage(), cause));
        }
        return new ChatServer(io, bound, urlOf(config.host(), bound.getPort()));
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound port. */
    public int port() {
        return address.getPort();
    }

    /** The URL to open in a browser, e.g. {@code http://localhost:3000/}. */
    public String url() {
        return url;
    }

    /** The underlying Socket.IO server, for applications that add to the chat. */
    public SocketIoServer io() {
        return io;
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
        try {
            io.close().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shutting down", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the chat did not shut down cleanly", e);
        }
    }

    static String urlOf(String host, int port) {
        String h = switch (host) {
            case "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0" -> "localhost";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "http://" + h + ":" + port + "/";
    }
}
