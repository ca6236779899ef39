// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications with {@code sio4j.redis.enabled=true} on one redis-server (started here on a
 * free port): the Redis adapter is built on Spring's Lettuce connection factory, and a broadcast
 * on one node reaches a client of the other.
 */
class RedisAdapterTest {

    private static RedisServer redis;
    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        one = node();
        two = node();
    }

    private static ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(TestApp.class).run("--spring.main.web-application-type=none", "--sio4j.port=0", "--sio4j.host=127.0.0.1",
                "--sio4j.redis.enabled=true", "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private static int port(ConfigurableApplicationContext c) {
        return c.getEnvironment().getRequiredProperty("local.sio4j.port", Integer.class);
    }

    @Test
    void theAdapterIsRedisOnSpringsConnection() throws Exception {
        ClusterAdapterFactory adapter = one.getBean(ClusterAdapterFactory.class);
        assertThat(adapter.isConnected()).isTrue();
        var chat = one.getBean(SocketIoServer.class).of("/chat").adapter();
        assertThat(chat.getClass().getName()).contains("Redis");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.serverCount().get(5, TimeUnit.SECONDS) == 2);
        // Spring's own Redis use still works beside it (sio4j's Lettuce replaces Boot's).
        StringRedisTemplate template = one.getBean(StringRedisTemplate.class);
        template.opsForValue().set("sio4j-spring-test", "ok");
        assertThat(template.opsForValue().get("sio4j-spring-test")).isEqualTo("ok");
    }

    @Test
    void aBroadcastReachesAClientOfTheOtherNode() throws Exception {
        try (Clients clients = new Clients()) {
            Socket onOne = clients.connected(port(one), "/chat");
            Socket onTwo = clients.connected(port(two), "/chat");
            CompletableFuture<String> said = new CompletableFuture<>();
            onOne.on("said", String.class, said::complete);
            onTwo.emit("say", "across nodes");
            assertThat(said.get(10, TimeUnit.SECONDS)).isEqualTo("across nodes");
        }
    }
}
