// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS stand-in that never touches the network: names in {@code silent} never get an answer
 * (a DNS server that does not reply), names in {@code unknown} fail as no such host, every other
 * name is the loopback address. Records the lookups it left unanswered.
 *
 * <p>Test support; thread-safe.
 */
final class FakeResolvers extends AddressResolverGroup<InetSocketAddress> {

    final List<Promise<InetSocketAddress>> unanswered = new CopyOnWriteArrayList<>();
    final List<String> lookups = new CopyOnWriteArrayList<>();
    private final Set<String> silent;
    private final Set<String> unknown;

    FakeResolvers(Set<String> silent, Set<String> unknown) {
        this.silent = silent;
        this.unknown = unknown;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Resolver(executor);
    }

    private final class Resolver extends AbstractAddressResolver<InetSocketAddress> {
        Resolver(EventExecutor executor) {
            super(executor, InetSocketAddress.class);
        }

        @Override
        protected boolean doIsResolved(InetSocketAddress address) {
            return !address.isUnresolved();
        }

        @Override
        protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
            String host = address.getHostString();
            lookups.add(host);
            if (silent.contains(host)) {
                unanswered.add(promise);
            } else if (unknown.contains(host)) {
                promise.setFailure(new UnknownHostException(host));
            } else {
                promise.setSuccess(new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort()));
            }
        }

        @Override
        protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
            promise.setFailure(new UnsupportedOperationException("resolveAll"));
        }
    }
}
