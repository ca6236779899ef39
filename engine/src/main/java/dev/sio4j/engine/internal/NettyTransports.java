// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Picks native epoll when it is available, NIO otherwise. Stateless; thread-safe.
 *
 * <p>The epoll classes are optional (an application may exclude them, and on the module path
 * their module is only read when present): no epoll class is touched before {@link #epoll()}
 * said yes.
 */
final class NettyTransports {

    private NettyTransports() {
    }

    static boolean epoll() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    static Class<? extends ServerChannel> serverChannelType(EventLoopGroup group) {
        if (epoll() && group instanceof MultiThreadIoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }
}
