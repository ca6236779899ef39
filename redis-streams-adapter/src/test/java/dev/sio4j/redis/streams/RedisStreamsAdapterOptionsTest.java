// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options: the official adapter's defaults, validation at build time, the stream of a namespace. */
class RedisStreamsAdapterOptionsTest {

    @Test
    void theDefaultsAreTheOfficialAdapters() {
        RedisStreamsAdapterOptions o = RedisStreamsAdapterOptions.builder("redis://127.0.0.1:6379").build();
        assertThat(o.streamName()).isEqualTo("socket.io");
        assertThat(o.streamCount()).isEqualTo(1);
        assertThat(o.channelPrefix()).isEqualTo("socket.io");
        assertThat(o.useShardedPubSub()).isFalse();
        assertThat(o.maxLen()).isEqualTo(10_000);
        assertThat(o.readCount()).isEqualTo(100);
        assertThat(o.blockTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.sessionKeyPrefix()).isEqualTo("sio:session:");
        assertThat(o.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.uri().getPort()).isEqualTo(6379);
        assertThat(o.client()).isNull();
    }

    @Test
    void aNamespacesStreamIsTheOfficialAdaptersOne() {
        assertThat(RedisStreamsAdapterOptions.builder("redis://h").build().streamOf("/chat")).isEqualTo("socket.io");
        RedisStreamsAdapterOptions three = RedisStreamsAdapterOptions.builder("redis://h").streamName("s").streamCount(3).build();
        // JavaScript's 32-bit string hash, sign kept: /notifications is -1014064871
        assertThat(three.streamOf("/notifications")).isEqualTo("s--2");
        assertThat(three.streamOf("/")).isEqualTo("s-" + (47 % 3));
    }

    @Test
    void badValuesAreRefusedWhenBuilt() {
        List<Consumer<RedisStreamsAdapterOptions.Builder>> bad = List.of(
                b -> b.streamName(""), b -> b.streamCount(0), b -> b.maxLen(0), b -> b.readCount(-1),
                b -> b.blockTime(Duration.ZERO), b -> b.requestsTimeout(Duration.ofMillis(-1)),
                b -> b.commandTimeout(Duration.ZERO), b -> b.maxReconnectDelay(Duration.ZERO));
        for (Consumer<RedisStreamsAdapterOptions.Builder> change : bad) {
            RedisStreamsAdapterOptions.Builder b = RedisStreamsAdapterOptions.builder("redis://h");
            change.accept(b);
            assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> RedisStreamsAdapterOptions.builder("not a uri")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anApplicationClientMustNotTimeOutTheBlockingRead() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:1");
        try {
            assertThat(RedisStreamsAdapterOptions.builder(client).build().client()).isSameAs(client);
            client.setOptions(ClientOptions.builder()
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2))).build());
            assertThatThrownBy(() -> RedisStreamsAdapterOptions.builder(client).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockTime");
            assertThat(RedisStreamsAdapterOptions.builder(client).blockTime(Duration.ofSeconds(1)).build().blockTime())
                    .isEqualTo(Duration.ofSeconds(1));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
