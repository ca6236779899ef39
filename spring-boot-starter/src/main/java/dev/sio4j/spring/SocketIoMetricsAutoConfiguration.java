// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.micrometer.SocketIoMetrics;
import dev.sio4j.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code sio4j-micrometer} on the class path and a {@link MeterRegistry} bean (Spring Boot's
 * actuator makes one per monitoring system): the server's meters ({@code socketio.*}, listed in
 * docs/OPERATIONS.md) as a {@link SocketIoMetrics} bean. Spring Boot's Micrometer support binds
 * every {@code MeterBinder} bean to its registries, so this only declares it; recording stops
 * when the context closes. Off with {@code sio4j.metrics.enabled=false}; an application's own
 * {@code SocketIoMetrics} bean (with tags, say) takes precedence.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({SocketIoMetrics.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "sio4j.metrics.enabled", matchIfMissing = true)
public class SocketIoMetricsAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public SocketIoMetricsAutoConfiguration() {
    }

    /** The server's meters, bound by Spring Boot to each registry. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean({SocketIoServer.class, MeterRegistry.class})
    @ConditionalOnMissingBean
    public SocketIoMetrics socketIoMetrics(SocketIoServer socketIoServer) {
        return new SocketIoMetrics(socketIoServer);
    }
}
