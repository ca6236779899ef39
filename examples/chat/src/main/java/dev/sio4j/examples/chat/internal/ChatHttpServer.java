package dev.sio4j.examples.chat.internal;

import dev.sio4j.engine.EngineOptions;
import dev.sio4j.server.SocketIoServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chat's listening socket: a Netty server whose pipeline is HTTP codec (the engine's size
 * limits), gzip, {@link ClientBundleHandler}, the Socket.IO server's own handler
 * ({@link SocketIoServer#newHttpHandler()}), then {@link FallbackHandler} for the page.
 *
 * <p>Why not {@link SocketIoServer#listen}: its HTTP fallback only sees paths outside
 * {@code /socket.io/}, and the client bundle lives under it. Once the engine hands those paths to
 * the fallback, the chat can use {@code listen} and drop this class and ClientBundleHandler.
 * A connection that reads nothing for {@link #IDLE_SECONDS} is closed (a Socket.IO client
 * talks at least every ping interval, 25 s).
 *
 * <p>Thread-safe.
 */
public final class ChatHttpServer {

    static final int IDLE_SECONDS = 90;

    private final EventLoopGroup group;
    private final Channel listener;
    private final SocketIoServer io;

    private ChatHttpServer(EventLoopGroup group, Channel listener, SocketIoServer io) {
        this.group = group;
        this.listener = listener;
        this.io = io;
    }

    /** Binds {@code host:port} and serves {@code io}, the client bundle and the page; waits for the bind. */
    public static ChatHttpServer bind(SocketIoServer io, StaticFiles files, Set<String> bundlePaths, String host, int port)
            throws InterruptedException {
        EngineOptions o = io.options().engineOptions();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            HttpDecoderConfig decoder = new HttpDecoderConfig()
                                    .setMaxInitialLineLength(o.maxInitialLineLength())
                                    .setMaxHeaderSize(o.maxHeaderSize())
                                    .setMaxChunkSize(16 * 1024)
                                    .setStrictLineParsing(true)
                                    .setAllowDuplicateContentLengths(false);
                            ChannelPipeline p = ch.pipeline();
                            p.addLast("idle", new ReadTimeoutHandler(IDLE_SECONDS));
                            p.addLast("http", new HttpServerCodec(decoder));
                            p.addLast("http-compression", new HttpContentCompressor(o.httpCompressionThreshold(),
                                    StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()));
                            p.addLast("client-bundle", new ClientBundleHandler(files, bundlePaths));
                            p.addLast("socket.io", io.newHttpHandler());
                            p.addLast("aggregator", new HttpObjectAggregator(o.maxHttpBufferSize()));
                            p.addLast("page", new FallbackHandler(files));
                        }
                    })
                    .bind(host, port).sync().channel();
            return new ChatHttpServer(group, channel, io);
        } catch (Exception e) { // also the checked BindException that Netty rethrows undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * Stops accepting, closes the Socket.IO server (every client is told), then lets the event
     * loops flush what is queued and stop.
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        listener.close().addListener(unbound -> io.close().whenComplete((ignored, error) ->
                group.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS).addListener(stopped -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(null);
                    }
                })));
        return done;
    }
}
