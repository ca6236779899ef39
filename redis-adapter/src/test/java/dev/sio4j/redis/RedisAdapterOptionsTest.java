// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options' defaults are the official adapter's, and nonsense is refused at build time. */
class RedisAdapterOptionsTest {

    @Test
    void classicDefaults() {
        RedisAdapterOptions o = RedisAdapterOptions.builder("redis://localhost:6379").build();
        assertThat(o.key()).isEqualTo("socket.io");
        assertThat(o.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.publishOnSpecificResponseChannel()).isFalse();
        assertThat(o.maxReconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.redisUri()).isEqualTo("redis://localhost:6379");
        assertThat(o.client()).isNull();
    }

    @Test
    void shardedDefaults() {
        ShardedRedisAdapterOptions o = ShardedRedisAdapterOptions.builder("redis://localhost:6379")
                .maxReconnectDelay(Duration.ofMillis(50)).build();
        assertThat(o.channelPrefix()).isEqualTo("socket.io");
        assertThat(o.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
        assertThat(o.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.heartbeats()).isFalse();
        assertThat(o.maxReconnectDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void nonsenseIsRefusedAtBuildTime() {
        assertThatThrownBy(() -> RedisAdapterOptions.builder("http://nowhere:x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://h").key("").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://h").requestsTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://h").commandTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardedRedisAdapterOptions.builder("redis://h").channelPrefix("").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardedRedisAdapterOptions.builder("redis://h").heartbeats(true)
                .heartbeatInterval(Duration.ofSeconds(5)).heartbeatTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
