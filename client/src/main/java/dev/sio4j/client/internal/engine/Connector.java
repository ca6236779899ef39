// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens TCP (and TLS) connections to the server on a session's event loop: resolves the host
 * with the runtime's asynchronous resolver (never {@code InetAddress} on the loop), then connects
 * to the address, all within the connect timeout.
 *
 * <p>TLS is 1.2+ only, with SNI, and with endpoint identification "HTTPS" (host name
 * verification); the engine is made for the host name of the URL, never for the address it
 * resolved to, so the certificate must name the host the user asked for. Only
 * {@code insecureTrustAll}, spelled out, turns every check off. Stateless; thread-safe.
 */
final class Connector {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Connector() {
    }

    /**
     * Connects and lets {@code init} add the handlers after TLS. The future's channel exists at
     * once: closing it abandons the attempt (a pending resolution is cancelled). The future fails
     * with a {@link ConnectTimeoutException} when resolving and connecting together take longer
     * than the configured timeout.
     */
    static ChannelFuture connect(EngineConfig config, EventLoop loop, Consumer<ChannelPipeline> init) {
        ChannelFuture registered = new Bootstrap()
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
                })
                .register();
        Channel ch = registered.channel();
        ChannelPromise result = ch.newPromise();
        registered.addListener(r -> {
            if (r.isSuccess()) {
                resolveAndConnect(config, ch, result);
            } else {
                fail(ch, result, r.cause());
            }
        });
        return result;
    }

    private static void resolveAndConnect(EngineConfig config, Channel ch, ChannelPromise result) {
        Future<InetSocketAddress> resolved;
        try {
            resolved = config.resolvers().getResolver(ch.eventLoop())
                    .resolve(InetSocketAddress.createUnresolved(config.host(), config.port()));
        } catch (RuntimeException e) {
            fail(ch, result, e);
            return;
        }
        Future<?> deadline = ch.eventLoop().schedule(() -> fail(ch, result,
                new ConnectTimeoutException("connecting to " + config.host() + ":" + config.port() + " took longer than "
                        + config.connectTimeoutMillis() + " ms")), config.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        result.addListener(done -> {
            deadline.cancel(false);
            resolved.cancel(false);
        });
        // closing the channel (the session gave up) ends the attempt, even while DNS is still out
        ch.closeFuture().addListener(c -> result.tryFailure(new ClosedChannelException()));
        resolved.addListener(r -> {
            if (result.isDone()) {
                return;
            }
            if (!r.isSuccess()) {
                fail(ch, result, r.cause());
                return;
            }
            ch.connect(resolved.getNow()).addListener(c -> {
                if (c.isSuccess()) {
                    result.trySuccess();
                } else {
                    fail(ch, result, c.cause());
                }
            });
        });
    }

    private static void fail(Channel ch, ChannelPromise result, Throwable cause) {
        if (result.tryFailure(cause)) {
            ch.close();
        }
    }

    static SSLEngine newEngine(EngineConfig config) throws NoSuchAlgorithmException {
        SSLContext ctx = config.insecureTrustAll() ? TrustAll.newContext()
                : config.sslContext() != null ? config.sslContext() : SSLContext.getDefault();
        SSLEngine engine = ctx.createSSLEngine(config.host(), config.port());
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (!config.insecureTrustAll()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        java.util.List<String> supported = java.util.List.of(engine.getSupportedProtocols());
        params.setProtocols(java.util.Arrays.stream(PROTOCOLS).filter(supported::contains).toArray(String[]::new));
        engine.setSSLParameters(params);
        return engine;
    }
}
