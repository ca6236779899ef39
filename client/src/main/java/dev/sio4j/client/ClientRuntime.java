// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.client.internal.EventLoops;
import dev.sio4j.client.internal.RealManager;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
 * <p>Host names are resolved without blocking a loop: by Netty's asynchronous DNS resolver, which
 * reads {@code /etc/hosts} and {@code /etc/resolv.conf} and sends its queries from the loops
 * themselves (the JDK's {@code InetAddress} lookup would hold a loop, and every client on it,
 * for as long as DNS takes). Resolution counts towards the {@code timeout} option.
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

    private final EventLoops loops;
    private final ConcurrentHashMap<String, RealManager> managers = new ConcurrentHashMap<>();

    private ClientRuntime(EventLoops loops) {
        this.loops = loops;
    }

    /** A runtime with one I/O thread per available processor. */
    public static ClientRuntime create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /** A runtime with {@code threads} I/O threads (at least 1). */
    public static ClientRuntime create(int threads) {
        return new ClientRuntime(EventLoops.create(threads));
    }

    /** A runtime whose host names are resolved by the group {@code resolvers} makes (tests fake DNS with it). */
    static ClientRuntime create(int threads, Function<EventLoopGroup, AddressResolverGroup<InetSocketAddress>> resolvers) {
        return new ClientRuntime(EventLoops.create(threads, resolvers));
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return loops.isClosed();
    }

    /** The threads and resolvers, for the managers this runtime's clients create. */
    EventLoops loops() {
        return loops;
    }

    /**
     * The cached manager of {@code key}, created by {@code uri}/{@code options} if needed. A
     * manager leaves the cache when it is closed (by the user or when its last socket leaves);
     * opened again by one of its sockets, it works on, uncached, and the next {@code IO.socket}
     * for its server gets a new one.
     */
    RealManager managerFor(String key, URI uri, ClientOptions options) {
        return managers.computeIfAbsent(key, k ->
                new RealManager(uri, options, loops, closed -> managers.remove(k, closed)));
    }

    /** How many managers the cache holds (for tests). */
    int cachedManagers() {
        return managers.size();
    }

    /**
     * Closes every manager it still caches, then the resolvers, then stops the threads without
     * waiting for them.
     */
    @Override
    public void close() {
        managers.values().forEach(RealManager::close);
        managers.clear();
        loops.close();
    }
}
