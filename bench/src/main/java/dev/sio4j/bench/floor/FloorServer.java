// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.floor;

import dev.sio4j.bench.driver.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The raw floor: a minimal Netty 4.2 WebSocket server with no Engine.IO or Socket.IO logic, which
 * sends every message it receives to every connection (the sender included), as the chat's
 * {@code io.emit} does. It shows what the transport allows on this machine: the memory of an idle
 * WebSocket connection, the CPU of a delivery, the round trip. Two variants: {@code --flush
 * each} writes and flushes per delivery; {@code --flush coalesce} writes every delivery of an
 * event-loop turn and flushes each connection once after them. Same event loops as the sio4j
 * engine (Netty's default count, epoll when available), Netty's default allocator.
 *
 * <p>Prints {@code floor is running: open http://HOST:PORT/} once bound; runs until stopped.
 */
@Command(name = "floor", description = "The raw Netty WebSocket broadcast server (no Socket.IO): the transport's floor.")
public final class FloorServer implements Callable<Integer> {

    /** How deliveries are flushed. */
    public enum Flush { EACH, COALESCE }

    @Option(names = "--port", defaultValue = "0", description = "Port (default: 0, a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--flush", defaultValue = "COALESCE", description = "EACH or COALESCE (default: ${DEFAULT-VALUE}).")
    Flush flush;

    @Override
    public Integer call() throws InterruptedException {
        EventLoopGroup group = Transports.newGroup(0);
        Broadcaster broadcaster = new Broadcaster(group, flush == Flush.COALESCE);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        Channel server = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(ws), broadcaster.newHandler());
                    }
                })
                .bind(host, port).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        System.out.println("floor is running: open http://" + host + ":" + bound.getPort() + "/ (flush " + flush + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().syncUninterruptibly();
            group.shutdownGracefully().syncUninterruptibly();
            stopped.countDown();
        }, "floor-shutdown"));
        stopped.await();
        return 0;
    }
}
