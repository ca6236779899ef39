package dev.sio4j.client.internal.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens TCP (and TLS) connections to the server on a session's event loop.
 *
 * <p>TLS is 1.2+ only, with SNI, and with endpoint identification "HTTPS" (host name
 * verification) unless the options turned it off explicitly. Stateless; thread-safe.
 */
final class Connector {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Connector() {
    }

    /** Connects and lets {@code init} add the handlers after TLS. */
    static ChannelFuture connect(EngineConfig config, EventLoop loop, Consumer<ChannelPipeline> init) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws Exception {
                        if (config.secure()) {
                            ch.pipeline().addLast("tls", new SslHandler(newEngine(config)));
                        }
                        init.accept(ch.pipeline());
                    }
                });
        return b.connect(config.host(), config.port());
    }

    static SSLEngine newEngine(EngineConfig config) throws NoSuchAlgorithmException {
        SSLContext ctx = config.sslContext() != null ? config.sslContext() : SSLContext.getDefault();
        SSLEngine engine = ctx.createSSLEngine(config.host(), config.port());
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (config.hostnameVerification()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        java.util.List<String> supported = java.util.List.of(engine.getSupportedProtocols());
        params.setProtocols(java.util.Arrays.stream(PROTOCOLS).filter(supported::contains).toArray(String[]::new));
        engine.setSSLParameters(params);
        return engine;
    }
}
