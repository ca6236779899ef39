// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.RedisAdapter;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster meters on two nodes sharing a real Redis (the classic Redis adapter): publishes,
 * messages received, requests with their time, the other nodes, and publish failures once Redis
 * is gone.
 */
class ClusterMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<SocketIoServer> servers = new ArrayList<>();
    private final List<ClusterAdapterFactory> factories = new ArrayList<>();
    private RedisServer redis;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (SocketIoServer io : servers) {
            io.closeAsync().get(10, TimeUnit.SECONDS);
        }
        factories.forEach(ClusterAdapterFactory::close);
        redis.close();
    }

    private SocketIoServer node() throws Exception {
        ClusterAdapterFactory factory = RedisAdapter.classic(RedisAdapterOptions.builder(redis.uri())
                .requestsTimeout(Duration.ofSeconds(2)).build());
        factories.add(factory);
        SocketIoServer io = SocketIoServer.builder().adapter(factory).build();
        servers.add(io);
        io.ready().get(10, TimeUnit.SECONDS);
        io.listen("127.0.0.1", 0);
        return io;
    }

    private double value(String name) {
        return registry.find(name).tag("namespace", "/").meters().stream()
                .flatMap(m -> java.util.stream.StreamSupport.stream(m.measure().spliterator(), false))
                .filter(x -> x.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT
                        || x.getStatistic() == io.micrometer.core.instrument.Statistic.VALUE)
                .mapToDouble(io.micrometer.core.instrument.Measurement::getValue).sum();
    }

    @Test
    void publishesRequestsNodesAndFailuresMove() throws Exception {
        SocketIoServer a = node();
        SocketIoServer b = node();
        b.of("/").onServerSideEmit("ping", (args, ack) -> ack.send(args.get(0)));
        new SocketIoMetrics(a).bindTo(registry);

        assertThat(a.of("/").serverSideEmitWithAck(WAIT, "ping", 1).get(10, TimeUnit.SECONDS)).hasSize(1);
        a.fetchSockets().get(10, TimeUnit.SECONDS);
        a.emit("news", "to every node");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(value("socketio.cluster.published")).isGreaterThanOrEqualTo(3);
            assertThat(value("socketio.cluster.received")).isGreaterThanOrEqualTo(2); // b's two answers
            assertThat(value("socketio.cluster.requests")).isGreaterThanOrEqualTo(2);
            assertThat(registry.get("socketio.cluster.requests").tag("namespace", "/").functionTimer()
                    .totalTime(TimeUnit.NANOSECONDS)).isPositive();
        });
        // The classic adapter counts nodes with PUBSUB NUMSUB, not heartbeats: the gauge is there, it knows none.
        assertThat(registry.find("socketio.cluster.nodes").tag("namespace", "/").gauge()).isNotNull();
        assertThat(value("socketio.cluster.publish.failures")).isZero();
        assertThat(value("socketio.cluster.malformed")).isZero();
        assertThat(value("socketio.cluster.request.timeouts")).isZero();

        redis.stop();
        a.emit("news", "nobody hears this one");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(value("socketio.cluster.publish.failures")).isGreaterThanOrEqualTo(1));
    }
}
