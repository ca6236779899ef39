// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.client.internal.RealManager;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    private final EventLoopGroup group;
    private final AddressResolverGroup<InetSocketAddress> resolvers;
    private final ConcurrentHashMap<String, RealManager> managers = new ConcurrentHashMap<>();

    private ClientRuntime(int threads, Function<EventLoopGroup, AddressResolverGroup<InetSocketAddress>> resolvers) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("sio4j-client", true), NioIoHandler.newFactory());
        this.resolvers = resolvers.apply(group);
    }

    /** A runtime with one I/O thread per available processor. */
    public static ClientRuntime create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /** A runtime with {@code threads} I/O threads (at least 1). */
    public static ClientRuntime create(int threads) {
        return create(threads, g -> dnsResolvers());
    }

    /** A runtime whose host names are resolved by the group {@code resolvers} makes (tests fake DNS with it). */
    static ClientRuntime create(int threads, Function<EventLoopGroup, AddressResolverGroup<InetSocketAddress>> resolvers) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return new ClientRuntime(threads, resolvers);
    }

    /** Netty's DNS client: one resolver per event loop, with its cache, answering on that loop. */
    private static AddressResolverGroup<InetSocketAddress> dnsResolvers() {
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class));
    }

    /**
     * The resolvers of host names, one per event loop, closed with the runtime; for advanced use
     * (e.g. a {@code Bootstrap.resolver} of other Netty clients on {@link #eventLoopGroup()}).
     */
    public AddressResolverGroup<InetSocketAddress> addressResolverGroup() {
        return resolvers;
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

    /**
     * Closes every manager it still caches, then the resolvers, then stops the threads without
     * waiting for them.
     */
    @Override
    public void close() {
        managers.values().forEach(RealManager::close);
        managers.clear();
        resolvers.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
