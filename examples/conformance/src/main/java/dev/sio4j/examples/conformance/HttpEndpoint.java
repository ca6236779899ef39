// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One listening port whose pipeline is an {@link HttpServerCodec}, then the given handlers in
 * order (engine handlers serve their path and pass the rest on), then a 404 for what is left.
 * The conformance profiles need this because some serve two endpoints on one port, and because
 * the engine-client profile watches every request before the engine sees it.
 *
 * <p>Thread-safe. Owns its event loop group and shuts it down in {@link #close()}.
 */
final class HttpEndpoint implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<Supplier<ChannelHandler>> handlers;
    private volatile Channel serverChannel;

    HttpEndpoint(EventLoopGroup group, List<Supplier<ChannelHandler>> handlers) {
        this.group = group;
        this.handlers = List.copyOf(handlers);
    }

    /**
     * The profiles' event loop group: one NIO thread. The official suites race requests against
     * each other (a poll and a CLOSE sent at the same instant on two new connections) and expect
     * the outcome of a server that handles connections in the order it accepts them, as Node's
     * single thread does. With several loops, two connections accepted in that order may still be
     * read in the other, which the suites count as a failure although each outcome is one the
     * engine gives correctly for that order. A test fixture needs no more than one thread.
     */
    static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** Binds {@code host:port} (0 = any free port) and returns the bound address. */
    CompletableFuture<InetSocketAddress> bind(String host, int port) {
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        int i = 0;
                        for (Supplier<ChannelHandler> handler : handlers) {
                            ch.pipeline().addLast("endpoint-" + i++, handler.get());
                        }
                        ch.pipeline().addLast("not-found", new NotFoundHandler());
                    }
                });
        bootstrap.bind(host, port).addListener(f -> {
            if (f.isSuccess()) {
                Channel channel = ((ChannelFuture) f).channel();
                serverChannel = channel;
                bound.complete((InetSocketAddress) channel.localAddress());
            } else {
                bound.completeExceptionally(f.cause());
            }
        });
        return bound;
    }

    /** Unbinds and shuts the event loops down (open connections are closed with them). */
    @Override
    public void close() {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
