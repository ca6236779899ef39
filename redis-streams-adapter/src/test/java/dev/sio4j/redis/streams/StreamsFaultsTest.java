// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.cluster.ClusterPublishException;
import dev.sio4j.adapter.cluster.ClusterTimeoutException;
import dev.sio4j.redis.streams.StreamsCluster.Node;
import dev.sio4j.server.EventListener;
import dev.sio4j.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults with a real Redis: Redis stopped and started again under a stream of broadcasts, a
 * node that dies or hangs in the middle of a request, garbage in the stream and on the
 * channels, and namespaces on the streams nobody official reads.
 */
class StreamsFaultsTest {

    private static RedisServer redis;
    private static RedisClient probeClient;
    private StreamsCluster cluster;
    private RedisCommands<String, String> probe;
    private StatefulRedisConnection<String, String> probeConnection;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        probeClient = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        probeClient.shutdown();
        redis.close();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (probeConnection != null) {
            probeConnection.close();
        }
        if (!redis.isRunning()) {
            redis.startAgain();
        }
    }

    private RedisCommands<String, String> probe() {
        if (probe == null) {
            probeConnection = probeClient.connect();
            probe = probeConnection.sync();
            probe.flushall();
        }
        return probe;
    }

    @Test
    void aRedisRestartMidStreamLosesNothingTheStreamAcceptedAndNobodyWaitsForRedis() throws Exception {
        cluster = new StreamsCluster(redis);
        // recovery on: a local client's copy carries an offset exactly when the XADD succeeded
        Node a = cluster.node("A", true, o -> o.requestsTimeout(Duration.ofSeconds(1)));
        Node b = cluster.node("B", true, o -> { });
        Peer a1 = cluster.client(a);
        Peer b1 = cluster.client(b);
        a.io.emit("probe", -1);
        b1.await("probe");

        redis.stop();
        Peer.waiting().until(() -> !a.factory.isConnected() && !b.factory.isConnected());
        long failuresBefore = a.factory.stats().publishFailures();

        // local delivery goes on, at once, without an offset
        long start = System.nanoTime();
        a.io.emit("during", 1);
        assertThat(a1.await("during").args()).hasSize(1);
        a1.call("join", "still-served"); // the event loops answer (acked)
        assertThat(millisSince(start)).isLessThan(1000);
        // requests fail fast, typed and counted
        start = System.nanoTime();
        CompletableFuture<?> fetch = a.io.fetchSockets();
        try {
            fetch.get(2, TimeUnit.SECONDS);
            throw new AssertionError("fetchSockets worked without Redis");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ClusterPublishException.class);
        }
        assertThat(millisSince(start)).isLessThan(500);
        assertThat(a.factory.stats().publishFailures()).isGreaterThan(failuresBefore);

        redis.startAgain();
        long back = System.nanoTime();
        AtomicInteger n = new AtomicInteger();
        Peer.waiting().pollInterval(Duration.ofMillis(5)).until(() -> {
            a.io.emit("probe", n.getAndIncrement());
            return b1.named("probe").size() > 1;
        });
        long recovery = millisSince(back);
        System.out.println("cross-node delivery " + recovery + " ms after redis-server was back");
        assertThat(recovery).as("recovery after Redis is back").isLessThan(3000);
        for (int i = 0; i < 20; i++) {
            a.io.emit("probe", n.getAndIncrement());
        }
        a.io.emit("end");
        a1.await("end");
        b1.await("end");

        // every probe the stream took (its local copy got an offset) reached B, once, in order
        List<Integer> accepted = new ArrayList<>();
        a1.named("probe").stream().filter(e -> e.args().size() == 2).forEach(e -> accepted.add(e.arg(0).asInt()));
        List<Integer> received = b1.named("probe").stream().map(e -> e.arg(0).asInt()).toList();
        assertThat(received).isEqualTo(accepted);
        // Nodes are counted with PUBSUB NUMSUB, as the official adapter does: until B's pub/sub
        // connection has subscribed again on the restarted Redis, a cluster request waits for
        // no one and answers with A's own sockets.
        Peer.waiting().untilAsserted(() -> assertThat(a.io.fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(2));
        assertThat(a.factory.isConnected()).isTrue();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void aNodeThatDiesOrHangsMidRequestEndsItAtItsTimeoutWithWhatTheOthersSent() throws Exception {
        probe();
        cluster = new StreamsCluster(redis);
        Node a = cluster.node("A", false, o -> o.requestsTimeout(Duration.ofSeconds(1)));
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        CompletableFuture<Void> cHeard = new CompletableFuture<>();
        c.io.of("/").onServerSideEmit("slow", (EventListener) (args, ack) -> cHeard.complete(null)); // never answers
        b.io.of("/").onServerSideEmit("slow", (EventListener) (args, ack) -> ack.send("B"));

        CompletableFuture<List<JsonNode>> asked = a.io.of("/").serverSideEmitWithAck(Duration.ofSeconds(1), "slow");
        cHeard.get(5, TimeUnit.SECONDS);
        c.factory.close(); // C dies holding the request: its Redis connections drop
        try {
            asked.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the request did not time out");
        } catch (ExecutionException e) {
            ClusterTimeoutException t = (ClusterTimeoutException) e.getCause();
            assertThat(t.expected()).isEqualTo(2);
            assertThat(t.received()).isEqualTo(1);
            assertThat(t.responses()).extracting(Object::toString).containsExactly("\"B\"");
        }

        // a dead node has left the count: the next request does not wait for it
        long start = System.nanoTime();
        assertThat(a.io.of("/").serverSideEmitWithAck(Duration.ofSeconds(1), "slow").get(5, TimeUnit.SECONDS))
                .extracting(JsonNode::asText).containsExactly("B");
        assertThat(millisSince(start)).isLessThan(900);

        // a hung node that keeps its connection (here, a bare subscriber) is waited for, up to the timeout
        try (StatefulRedisPubSubConnection<String, String> zombie = probeClient.connectPubSub()) {
            zombie.sync().subscribe("socket.io#/#");
            try {
                a.io.fetchSockets().get(5, TimeUnit.SECONDS);
                throw new AssertionError("fetchSockets did not wait for the hung node");
            } catch (ExecutionException e) {
                assertThat(((ClusterTimeoutException) e.getCause()).received()).isEqualTo(1);
            }
        }
    }

    @Test
    void garbageFromRedisIsDroppedAndCountedAndTheNodesGoOn() {
        RedisCommands<String, String> redisCli = probe();
        cluster = new StreamsCluster(redis);
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Peer a1 = cluster.client(a);
        Peer b1 = cluster.client(b);

        String msgpackArray = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x92, 1, 2});
        redisCli.xadd("socket.io", "uid", "x", "type", "3", "data", "{}");                       // no nsp
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/", "type", "three", "data", "{}");       // type
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/", "type", "3", "data", "{\"packet\":");  // JSON
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/", "type", "3", "data", "%%%%");         // base64
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/", "type", "3", "data", msgpackArray);   // shape
        redisCli.xadd("socket.io", "nsp", "/", "type", "4", "data", "{\"opts\":{},\"rooms\":[]}"); // no uid
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/", "type", "99");                        // unknown: ignored
        redisCli.xadd("socket.io", "uid", "x", "nsp", "/elsewhere", "type", "3", "data", "{}");  // not served
        redisCli.publish("socket.io#/#", "{\"type\":3}");                                         // not msgpack
        redisCli.publish("socket.io#/#", "\u0093\u00a7emitter");                                  // classic emitter

        b.io.emit("still", "fine");
        a1.await("still");
        b1.await("still");
        for (Node n : List.of(a, b)) {
            Peer.waiting().until(() -> n.factory.stats().malformed() == 8);
        }
        assertThat(b.io.of("/").adapter().serverCount().join()).isEqualTo(2);
    }

    @Test
    void withSeveralStreamsEveryNamespaceWorksAmongSio4jNodes() {
        RedisCommands<String, String> redisCli = probe();
        cluster = new StreamsCluster(redis);
        Node a = cluster.node("A", false, o -> o.streamCount(3));
        Node b = cluster.node("B", false, o -> o.streamCount(3));
        for (Node n : List.of(a, b)) {
            n.io.of("/notifications").on("connection", s -> { });
            n.io.ready().join();
        }
        assertThat("/notifications".hashCode() % 3).as("the official adapter's pitfall").isEqualTo(-2);
        Peer onB = cluster.client(b, "/notifications");
        Peer root = cluster.client(b, "/");
        a.io.of("/notifications").emit("n", 1);
        a.io.emit("r", 2);
        assertThat(onB.await("n").arg(0).asInt()).isEqualTo(1);
        assertThat(root.await("r").arg(0).asInt()).isEqualTo(2);
        assertThat(redisCli.xlen("socket.io--2")).as("where official nodes write it too").isEqualTo(1);
        assertThat(redisCli.xlen("socket.io-" + "/".hashCode() % 3)).isEqualTo(1);
    }
}
