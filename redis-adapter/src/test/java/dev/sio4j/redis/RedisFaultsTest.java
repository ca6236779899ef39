// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.cluster.ClusterPublishException;
import dev.sio4j.adapter.cluster.ClusterTimeoutException;
import dev.sio4j.redis.TestNodes.Mode;
import dev.sio4j.redis.TestNodes.TestClient;
import dev.sio4j.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Point 5 of issue 8 against a real redis-server: Redis restarted under a running cluster (local
 * delivery goes on, publishes fail fast with a counted ClusterPublishException, the nodes come
 * back by themselves, quickly), and a node dying in the middle of a request (it ends at its
 * timeout with what the others answered).
 */
class RedisFaultsTest {

    /** Generous: the target is under 1 s after Redis is back; measured values are printed. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(3);

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRedisRestartMidStreamIsSurvived(Mode mode) throws Exception {
        try (RedisServer redis = RedisServer.start(); TestNodes cluster = new TestNodes(redis, mode, "A", "B")) {
            TestClient a = cluster.client(0, "/");
            TestClient b = cluster.client(1, "/");
            b.join("room");
            cluster.awaitRoomSubscribers("room", 1);
            cluster.node(0).io.emit("tick", 0);
            assertThat(b.next()).isEqualTo("tick [0]");
            assertThat(a.next()).isEqualTo("tick [0]");

            redis.stop();
            await().atMost(TestNodes.WAIT).until(() -> !cluster.node(0).factory.isConnected()
                    && !cluster.node(1).factory.isConnected());

            // local delivery goes on; the publish fails at once and is counted
            long failuresBefore = cluster.node(0).factory.stats().publishFailures();
            long start = System.nanoTime();
            cluster.node(0).io.emit("tick", 1);
            assertThat(a.next()).isEqualTo("tick [1]");
            await().atMost(Duration.ofMillis(500))
                    .until(() -> cluster.node(0).factory.stats().publishFailures() > failuresBefore);
            // requests fail fast with the same typed error
            assertThatThrownBy(() -> cluster.node(0).io.fetchSockets().orTimeout(1, TimeUnit.SECONDS).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ClusterPublishException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            // a room joined while Redis is away gets its channel once Redis is back
            b.join("joined-during-outage");

            redis.startAgain();
            long back = System.nanoTime();
            int[] probe = {100};
            await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(10)).until(() -> {
                cluster.node(0).io.emit("tick", ++probe[0]);
                return b.events.stream().anyMatch(e -> e.matches("tick \\[1\\d\\d\\]"));
            });
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            System.out.println(mode + ": cross-node delivery again " + recoveredMillis + " ms after redis-server was back");
            await().atMost(TestNodes.WAIT).until(() -> cluster.node(0).factory.isConnected() && cluster.node(1).factory.isConnected());
            assertThat(b.events).as("nothing published during the outage was queued and sent later").doesNotContain("tick [1]");

            // everything works again: rooms (also the one joined during the outage), requests
            cluster.awaitRoomSubscribers("joined-during-outage", 1);
            cluster.node(0).io.to("joined-during-outage").emit("again");
            await().atMost(TestNodes.WAIT).until(() -> b.events.contains("again []"));
            assertThat(cluster.node(0).io.fetchSockets().orTimeout(5, TimeUnit.SECONDS).join()).hasSize(2);
        }
    }

    @Test
    void aNodeDyingMidRequestEndsTheRequestAtItsTimeoutWithTheOtherAnswers() {
        try (RedisServer redis = RedisServer.start(); TestNodes cluster = new TestNodes(redis, Mode.CLASSIC, "A", "B", "C")) {
            cluster.node(1).io.of("/").onServerSideEmit("work", (args, ack) -> ack.send("done by B"));
            // C takes the request, then goes away without answering (its Redis connections close)
            cluster.node(2).io.of("/").onServerSideEmit("work", (args, ack) -> cluster.node(2).factory.close());
            long start = System.nanoTime();
            assertThatThrownBy(() -> cluster.node(0).io.of("/").serverSideEmitWithAck(Duration.ofMillis(800), "work")
                    .orTimeout(5, TimeUnit.SECONDS).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(ClusterTimeoutException.class, t -> {
                        assertThat(t.expected()).isEqualTo(2);
                        assertThat(t.received()).isEqualTo(1);
                        assertThat(List.copyOf(t.responses())).isEqualTo(List.of(TextNode.valueOf("done by B")));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
            // the dead node dropped out of the count at once: the next request asks only B
            assertThat(cluster.node(0).io.of("/").adapter().serverCount().orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(2);
            List<JsonNode> answers = cluster.node(0).io.of("/").serverSideEmitWithAck(Duration.ofSeconds(2), "work")
                    .orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(answers).containsExactly(TextNode.valueOf("done by B"));
        }
    }
}
