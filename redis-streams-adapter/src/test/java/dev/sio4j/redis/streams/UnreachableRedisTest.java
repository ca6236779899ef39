// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.server.SocketIoServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** As the redis-adapter module's test of the same name: no Redis at start is reported, never thrown from close. */
class UnreachableRedisTest {

    @Test
    void startingWithoutRedisFailsReadyAndClosesQuietly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ClusterAdapterFactory redis = RedisStreamsAdapter.create(
                RedisStreamsAdapterOptions.builder("redis://127.0.0.1:" + closedPort).build());
        SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
        try {
            assertThat(io.ready()).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("127.0.0.1");
            assertThat(redis.isConnected()).isFalse();
        } finally {
            io.closeAsync().get();
            redis.close();
            redis.close();
        }
    }
}
