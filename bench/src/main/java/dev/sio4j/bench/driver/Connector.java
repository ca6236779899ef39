// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the driver's connections to one {@link Target}. Each connection comes from one of
 * {@value #SOURCE_ADDRESSES} loopback source addresses (127.0.0.10 and up) so that tens of
 * thousands of connections, and the TIME_WAIT sockets earlier runs left behind, never run out of
 * the ~28k ephemeral ports one source address has. {@link Crowd} opens many at a time.
 *
 * <p>Thread-safe; {@link #close()} closes every connection and stops the event loops.
 */
public final class Connector implements AutoCloseable {

    /** How many source addresses the connections are spread over. */
    static final int SOURCE_ADDRESSES = 48;

    /** How long a connection may take to become ready before it counts as failed. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Target target;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final WireBytes wireBytes = new WireBytes();
    private final InetAddress[] sources = new InetAddress[SOURCE_ADDRESSES];
    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(SOURCE_ADDRESSES));
    private final InetSocketAddress remote;

    /** A connector with {@code threads} event loops. */
    public Connector(Target target, int threads) {
        this.target = target;
        this.group = Transports.newGroup(threads);
        this.remote = new InetSocketAddress(target.host(), target.port());
        this.bootstrap = new Bootstrap().group(group).channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) READY_TIMEOUT.toMillis());
        for (int i = 0; i < SOURCE_ADDRESSES; i++) {
            try {
                sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + i)});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The target. */
    public Target target() {
        return target;
    }

    /** The bytes all connections read and wrote. */
    public WireBytes wireBytes() {
        return wireBytes;
    }

    /** The event loops, for a scenario's other channels (polling clients). */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * A bootstrap with this connector's options, from the next source address, on {@code loop}
     * (null: any of this connector's loops).
     */
    public Bootstrap bootstrap(ChannelInitializer<Channel> initializer, EventLoopGroup loop) {
        return (loop == null ? bootstrap.clone() : bootstrap.clone(loop)).handler(initializer)
                .localAddress(new InetSocketAddress(sources[Math.floorMod(next.getAndIncrement(), SOURCE_ADDRESSES)], 0));
    }

    /** Opens {@code peer} over a WebSocket; the peer's {@link Peer#ready()} says when and whether it worked. */
    public CompletableFuture<Peer> open(Peer peer) {
        return open(peer, 0);
    }

    /**
     * Opens {@code peer} with a kernel receive buffer of {@code receiveBuffer} bytes (0: the
     * kernel's autotuning, up to tcp_rmem's maximum, 32 MiB here). A client that stops reading
     * holds that much in its own kernel; a small one makes the server hold the rest.
     */
    public CompletableFuture<Peer> open(Peer peer, int receiveBuffer) {
        String host = target.authority();
        String path = target.webSocketPath();
        Bootstrap b = bootstrap(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(wireBytes, new WsClientCodec(host, path, peer));
            }
        }, null);
        if (receiveBuffer > 0) {
            b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        b.connect(remote).addListener(f -> {
            if (!f.isSuccess()) {
                peer.onFailure("connect: " + f.cause());
            }
        });
        group.next().schedule(() -> {
            if (!peer.ready().isDone()) {
                peer.onFailure("not ready within " + READY_TIMEOUT);
                peer.close();
            }
        }, READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return peer.ready();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
