// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal Engine.IO WebSocket-only server on Netty for the client's compression tests: it
 * optionally accepts permessage-deflate, and records for every text message the client sent
 * whether its frame had RSV1 set (was compressed) before it is inflated. It answers the Engine.IO
 * handshake and every namespace CONNECT; {@link #sendToAll} pushes raw Engine.IO text.
 *
 * <p>Test support; thread-safe.
 */
final class WebSocketEngineServer implements AutoCloseable {

    /** A text message from the client and whether it arrived compressed. */
    record Received(String text, boolean compressed) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> offeredExtensions = new CopyOnWriteArrayList<>();
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    WebSocketEngineServer(boolean deflate) throws InterruptedException {
        this(deflate, null);
    }

    /** @param tls the server's TLS context (wss), or null for plain ws */
    WebSocketEngineServer(boolean deflate, SslContext tls) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        Deque<Boolean> rsv1 = new ArrayDeque<>();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new HandshakeRecorder());
                        ch.pipeline().addLast("rsv", new Rsv1Recorder(rsv1));
                        if (deflate) {
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler(0));
                        }
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/socket.io/").checkStartsWith(true).allowExtensions(deflate)
                                .maxFramePayloadLength(4 << 20).build()));
                        ch.pipeline().addLast(new EngineHandler(rsv1));
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Sends an Engine.IO text packet to every connected client. */
    void sendToAll(String text) {
        channels.forEach(c -> c.writeAndFlush(new TextWebSocketFrame(text)));
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class HandshakeRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                String ext = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
                offeredExtensions.add(ext == null ? "" : ext);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Sees frames after they are parsed and before they are inflated. */
    private static final class Rsv1Recorder extends ChannelInboundHandlerAdapter {
        private final Deque<Boolean> rsv1;

        Rsv1Recorder(Deque<Boolean> rsv1) {
            this.rsv1 = rsv1;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame f) {
                rsv1.add((f.rsv() & 0x4) != 0);
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class EngineHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Deque<Boolean> rsv1;

        EngineHandler(Deque<Boolean> rsv1) {
            this.rsv1 = rsv1;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ctx.writeAndFlush(new TextWebSocketFrame("0{\"sid\":\"s" + ctx.channel().id().asShortText()
                        + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"));
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame t)) {
                return;
            }
            String text = t.text();
            Boolean compressed = rsv1.poll();
            received.add(new Received(text, compressed != null && compressed));
            if (text.startsWith("40")) {
                String nsp = text.startsWith("40/") ? text.substring(2, text.indexOf(',') + 1) : "";
                ctx.writeAndFlush(new TextWebSocketFrame("40" + nsp + "{\"sid\":\"id-1\"}"));
            }
        }
    }
}
