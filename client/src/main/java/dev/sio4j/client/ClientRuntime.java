package dev.sio4j.client;

import dev.sio4j.client.internal.RealManager;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads shared by many clients, and the cache that lets sockets to one server share a
 * {@link Manager} (socket.io-client's multiplexing).
 *
 * <p>Every manager is pinned to one event loop of the runtime: its connection, timers and
 * listener callbacks all run there, so 10,000 clients can share a handful of threads. The
 * threads are daemon threads: they never keep the JVM alive, and {@link #close()} stops them.
 * Without a runtime in {@link ClientOptions}, each manager gets a private one-thread runtime that
 * it stops when it is closed.
 *
 * <pre>{@code
 * try (ClientRuntime runtime = ClientRuntime.create(2)) {
 *     ClientOptions options = ClientOptions.builder().runtime(runtime).build();
 *     Socket a = IO.socket(URI.create("http://localhost:3000/a"), options);
 *     Socket b = IO.socket(URI.create("http://localhost:3000/b"), options);   // same manager
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ClientRuntime implements AutoCloseable {

    private final EventLoopGroup group;
    private final ConcurrentHashMap<String, RealManager> managers = new ConcurrentHashMap<>();

    private ClientRuntime(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("sio4j-client", true), NioIoHandler.newFactory());
    }

    /** A runtime with one I/O thread per available processor. */
    public static ClientRuntime create() {
        return new ClientRuntime(Runtime.getRuntime().availableProcessors());
    }

    /** A runtime with {@code threads} I/O threads (at least 1). */
    public static ClientRuntime create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return new ClientRuntime(threads);
    }

    /** The Netty event loop group; for advanced use (e.g. sharing it with other Netty clients). */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return group.isShuttingDown();
    }

    /**
     * The cached manager of {@code key}, created by {@code uri}/{@code options} if needed. A
     * manager leaves the cache when it is closed (by the user or when its last socket leaves);
     * opened again by one of its sockets, it works on, uncached, and the next {@code IO.socket}
     * for its server gets a new one.
     */
    RealManager managerFor(String key, URI uri, ClientOptions options) {
        return managers.computeIfAbsent(key, k ->
                new RealManager(uri, options, this, closed -> managers.remove(k, closed)));
    }

    /** How many managers the cache holds (for tests). */
    int cachedManagers() {
        return managers.size();
    }

    /** Closes every manager it still caches, then stops the threads without waiting for them. */
    @Override
    public void close() {
        managers.values().forEach(RealManager::close);
        managers.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
