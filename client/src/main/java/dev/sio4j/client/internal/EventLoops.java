// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import io.netty.channel.EventLoop;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Netty half of a {@link dev.sio4j.client.ClientRuntime}: its daemon I/O threads and one
 * asynchronous DNS resolver per loop. Kept out of the public API so that Netty types never
 * appear in a client signature; managers and their loops work with this, the user only ever holds
 * the runtime.
 *
 * <p>Thread-safe.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final AddressResolverGroup<InetSocketAddress> resolvers;

    private EventLoops(int threads, Function<EventLoopGroup, AddressResolverGroup<InetSocketAddress>> resolvers) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("sio4j-client", true), NioIoHandler.newFactory());
        this.resolvers = resolvers.apply(group);
    }

    /** {@code threads} loops (at least 1) with Netty's DNS resolver. */
    public static EventLoops create(int threads) {
        return create(threads, g -> dnsResolvers());
    }

    /** {@code threads} loops whose host names are resolved by the group {@code resolvers} makes (tests fake DNS). */
    public static EventLoops create(int threads,
                                    Function<EventLoopGroup, AddressResolverGroup<InetSocketAddress>> resolvers) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return new EventLoops(threads, resolvers);
    }

    /**
     * Netty's DNS client: one resolver per event loop, with its cache, answering on that loop
     * (the JDK's blocking lookup would hold the loop and every client on it).
     */
    private static AddressResolverGroup<InetSocketAddress> dnsResolvers() {
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class));
    }

    /** The next loop, round robin; a manager is pinned to the one it gets. */
    EventLoop next() {
        return group.next();
    }

    /** The host name resolvers, one per loop. */
    public AddressResolverGroup<InetSocketAddress> resolvers() {
        return resolvers;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return group.isShuttingDown();
    }

    /** Closes the resolvers, then stops the threads without waiting for them. */
    @Override
    public void close() {
        resolvers.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
