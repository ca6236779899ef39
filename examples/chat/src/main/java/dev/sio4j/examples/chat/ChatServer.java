package dev.sio4j.examples.chat;

import dev.sio4j.engine.CorsOptions;
import dev.sio4j.examples.chat.internal.ChatHttpServer;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The chat: a Socket.IO server with the tutorial's behaviour on {@code /} and {@code /chat}, which
 * also serves the chat page at {@code /} and the official client bundle at
 * {@code /socket.io/socket.io.js} and {@code /socket.io/socket.io.min.js}.
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

    private final SocketIoServer io;
    private final ChatHttpServer http;
    private final String url;

    private ChatServer(SocketIoServer io, ChatHttpServer http, String url) {
        this.io = io;
        this.http = http;
        this.url = url;
    }

    /**
     * Builds the chat and binds {@code config.host():config.port()}.
     *
     * @throws IllegalStateException when the page or the client bundle is missing from the class path
     * @throws UncheckedIOException when the port cannot be bound (in use, unknown host...)
     */
    public static ChatServer start(ChatConfig config) {
        Objects.requireNonNull(config, "config");
        ServerOptions.Builder options = ServerOptions.builder()
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
        String path = io.options().path();
        StaticFiles files = new StaticFiles(ChatResources.load(ChatServer.class.getClassLoader(), path));
        io.on("connection", new MainNamespaceHandlers(io.of("/")));
        var chat = io.of(ChatNamespaceHandlers.NAME);
        chat.on("connection", new ChatNamespaceHandlers(chat));

        ChatHttpServer http;
        try {
            http = ChatHttpServer.bind(io, files, ChatResources.bundlePaths(path), config.host(), config.port());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (Exception e) { // Netty rethrows a bind failure (a checked BindException) undeclared
            io.close();
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(),
                    e instanceof IOException ioe ? ioe : new IOException(e));
        }
        return new ChatServer(io, http, urlOf(config.host(), http.address().getPort()));
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** The bound port. */
    public int port() {
        return http.address().getPort();
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
     * Shuts down gracefully and waits up to {@link #SHUTDOWN_TIMEOUT}. Idempotent.
     *
     * @throws IllegalStateException when the shutdown fails or does not finish in time
     */
    @Override
    public void close() {
        try {
            http.close().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
