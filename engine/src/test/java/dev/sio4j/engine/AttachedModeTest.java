// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine inside a user's own Netty pipeline: engine paths served, other requests (and with a
 * fallback set, the socket.io client files under the path) passed on.
 */
class AttachedModeTest {

    private static final RawClient HTTP = RawClient.shared();

    @Test
    void servesEngineAndPassesOtherRequestsOn() throws Exception {
        attached(EngineOptions.builder(), base -> {
            assertThat(HTTP.get(base + "/hello").body()).isEqualTo("user /hello");
            assertThat(HTTP.get(base + "/engine.io/socket.io.js").statusCode()).as("no fallback: Engine.IO's").isEqualTo(400);
            String open = HTTP.get(base + "/engine.io/?EIO=4&transport=polling").body();
            String sid = open.substring(9, open.indexOf('"', 9));
            assertThat(HTTP.post(base + "/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hi").body()).isEqualTo("ok");
            assertThat(HTTP.get(base + "/engine.io/?EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("4echo:hi");
            RawWebSocket ws = RawWebSocket.open(base.replace("http:", "ws:") + "/engine.io/?EIO=4&transport=websocket");
            ws.nextText();
            ws.send("4yo");
            assertThat(ws.nextText()).isEqualTo("4echo:yo");
            ws.abort();
        });
    }

    @Test
    void withAFallbackTheClientFilesContinueDownThePipeline() throws Exception {
        HttpFallback unused = (ctx, req) -> {
            throw new AssertionError("the fallback is for standalone mode");
        };
        attached(EngineOptions.builder().path("/socket.io/").httpFallback(unused), base -> {
            assertThat(HTTP.get(base + "/socket.io/socket.io.min.js?v=1").body()).isEqualTo("user /socket.io/socket.io.min.js?v=1");
            assertThat(HTTP.get(base + "/socket.io/other.js").statusCode()).isEqualTo(400);
            assertThat(HTTP.get(base + "/socket.io/?EIO=4&transport=polling").body()).startsWith("0{\"sid\":");
        });
    }

    private interface Check {
        void run(String base) throws Exception;
    }

    /** Runs {@code check} against an engine with {@code options} attached to a user's pipeline. */
    private static void attached(EngineOptions.Builder options, Check check) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EngineServer engine = EngineServer.create(options.pingInterval(Duration.ofSeconds(20))
                .eventLoopGroup(group).build(), socket -> socket.setListener(new EngineSocket.Listener() {
                    public void onMessage(String text) { socket.send("echo:" + text); }
                    public void onBinary(byte[] data) { }
                    public void onClose(CloseReason reason, String description) { }
                }));
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), engine.newHttpHandler(),
                                    new HttpObjectAggregator(65536), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            ByteBuf body = Unpooled.copiedBuffer("user " + req.uri(), StandardCharsets.UTF_8);
                                            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                                            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                                            ctx.writeAndFlush(res);
                                        }
                                    });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            try {
                check.run("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
            } finally {
                engine.close().join();
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
