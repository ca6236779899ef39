// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.micrometer.SocketIoMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With the actuator's Micrometer support, the server's meters reach the application's registry
 * without configuration; {@code sio4j.metrics.enabled=false} and a missing registry leave them out.
 */
// A property of its own gives this class its own cached context, server and registry, so the
// counts are this test's alone.
@SpringBootTest(classes = TestApp.class, properties = {"sio4j.port=0", "sio4j.host=127.0.0.1", "sio4j.metrics.enabled=true"})
class MetricsTest {

    @Value("${local.sio4j.port}")
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void theServersMetersAreInTheApplicationsRegistry() throws Exception {
        try (Clients clients = new Clients()) {
            clients.connected(port, "/");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(registry.get("socketio.engine.sessions").gauge().value()).isEqualTo(1.0);
                assertThat(registry.get("socketio.sockets.connected").tag("namespace", "/").counter().count()).isEqualTo(1.0);
            });
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoMetricsAutoConfiguration.class))
            .withPropertyValues("sio4j.port=0", "sio4j.host=127.0.0.1");

    @Test
    void theBinderNeedsARegistryAndCanBeSwitchedOff() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoMetrics.class));
        runner.withBean(SimpleMeterRegistry.class)
                .run(context -> assertThat(context).hasSingleBean(SocketIoMetrics.class));
        runner.withBean(SimpleMeterRegistry.class).withPropertyValues("sio4j.metrics.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoMetrics.class));
    }
}
