// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.server.SocketIoServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A node whose Redis cannot be reached when it starts: ready() fails with the cause, the factory
 * says it is not connected, and closing the server and the factory throws nothing (a chat that
 * cannot join its cluster reports it and exits cleanly).
 */
class UnreachableRedisTest {

    static Stream<Function<String, ClusterAdapterFactory>> factories() {
        return Stream.of(
                uri -> RedisAdapter.classic(RedisAdapterOptions.builder(uri).build()),
                uri -> RedisAdapter.sharded(ShardedRedisAdapterOptions.builder(uri).build()));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void startingWithoutRedisFailsReadyAndClosesQuietly(Function<String, ClusterAdapterFactory> factory) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ClusterAdapterFactory redis = factory.apply("redis://127.0.0.1:" + closedPort);
        SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
        try {
            assertThat(io.ready()).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("127.0.0.1");
            assertThat(redis.isConnected()).isFalse();
            assertThat(redis.stats().published()).isZero();
        } finally {
            io.closeAsync().get();
            redis.close();
            redis.close();
        }
    }
}
