// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.SocketIoServer;
import dev.sio4j.spring.internal.ReactorNettyWrites;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import reactor.netty.NettyPipeline;

/**
 * With {@code sio4j.attach-to-web-server=true} in a WebFlux application on Reactor Netty: the
 * Socket.IO server shares the web server's port instead of binding one of its own. Each HTTP/1.1
 * connection of the web server gets sio4j's handler right after Reactor Netty's HTTP codec: it
 * serves requests under {@code sio4j.path} (polling, and WebSocket upgrades, after which the
 * connection is sio4j's) and passes every other request on to WebFlux unchanged. {@code sio4j.port}
 * and {@code sio4j.host} are then not used; TLS, the address and the port are the web server's
 * ({@code server.*}).
 *
 * <p>Only HTTP/1.1 connections are served (Socket.IO clients use it); a connection that Reactor
 * Netty set up for HTTP/2 is left to WebFlux. HTTP pipelining of WebFlux and Socket.IO requests on
 * one connection is not supported.
 */
@AutoConfiguration(before = SocketIoAutoConfiguration.class)
@ConditionalOnClass({NettyServerCustomizer.class, NettyPipeline.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty("sio4j.attach-to-web-server")
public class SocketIoWebFluxAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public SocketIoWebFluxAutoConfiguration() {
    }

    /** Puts sio4j's handler into each HTTP/1.1 connection of Reactor Netty's server. */
    @Bean
    public NettyServerCustomizer socketIoNettyServerCustomizer(SocketIoServer socketIoServer) {
        return http -> http.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) instanceof HttpServerCodec && pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, "sio4j", socketIoServer.newHttpHandler());
                pipeline.addAfter(NettyPipeline.HttpTrafficHandler, "sio4j.writes", new ReactorNettyWrites(NettyPipeline.HttpTrafficHandler));
            }
        });
    }
}
