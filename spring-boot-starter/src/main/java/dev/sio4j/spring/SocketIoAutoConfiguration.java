// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.adapter.AdapterFactory;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.spring.internal.PropertiesBinder;
import dev.sio4j.spring.internal.SocketIoBootstrap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Builds a {@link SocketIoServer} from the {@code sio4j.*} properties ({@link SocketIoProperties})
 * and the {@link SocketIoServerCustomizer} beans, wires the {@link SocketIoListener} and
 * {@link SocketIoConfigurer} beans into it, listens when the application context starts and ends
 * the sessions when it stops. An {@link AdapterFactory} bean (the Redis one of
 * {@link SocketIoRedisAutoConfiguration}, or the application's) becomes the server's adapter.
 *
 * <p>Off with {@code sio4j.enabled=false}; an application's own {@code SocketIoServer} bean
 * replaces the built one (the listeners, configurers and lifecycle still apply to it).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "sio4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketIoProperties.class)
public class SocketIoAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public SocketIoAutoConfiguration() {
    }

    /**
     * The server, built from the properties, then the customizers; nothing is bound yet.
     *
     * @throws IllegalStateException when the options the customizers left are invalid
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SocketIoServer socketIoServer(SocketIoProperties properties, ObjectProvider<SocketIoServerCustomizer> customizers,
                                         ObjectProvider<AdapterFactory> adapter) {
        SocketIoServer.Builder builder = PropertiesBinder.builder(properties);
        AdapterFactory factory = adapter.getIfAvailable(); // several without a @Primary one fail the start
        if (factory != null) {
            builder.adapter(factory);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid sio4j server options: " + e.getMessage(), e);
        }
    }

    /**
     * Applies the configurer and listener beans once every singleton exists, then starts the
     * server with the context (the port bound goes into the environment as
     * {@code local.sio4j.port}) and ends its sessions when the context stops.
     */
    @Bean
    public SmartLifecycle socketIoBootstrap(SocketIoServer socketIoServer, SocketIoProperties properties,
                                                      ListableBeanFactory beans, ObjectProvider<SocketIoConfigurer> configurers,
                                                      ConfigurableEnvironment environment) {
        boolean attached = properties.isAttachToWebServer() && beans.containsBean("socketIoNettyServerCustomizer");
        if (properties.isAttachToWebServer() && !attached) {
            throw new IllegalStateException("sio4j.attach-to-web-server=true needs a WebFlux application on Reactor Netty "
                    + "(spring-boot-starter-webflux); this one has none: remove the property to use sio4j.port");
        }
        return new SocketIoBootstrap(socketIoServer, attached ? null : properties.getHost(), attached ? -1 : properties.getPort(),
                properties.getShutdownTimeout(), beans, configurers.orderedStream().toList(), environment);
    }
}
