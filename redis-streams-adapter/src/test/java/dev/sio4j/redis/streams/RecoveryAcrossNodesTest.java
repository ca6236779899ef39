// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import dev.sio4j.redis.streams.StreamsCluster.Node;
import dev.sio4j.server.Socket;
import dev.sio4j.testsupport.RedisServer;
import dev.sio4j.testsupport.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection state recovery across sio4j nodes: a client cut off from one node comes back on
 * another (behind a proxy that moved it, as a load balancer would) with its id, rooms, data and
 * the broadcasts it missed, each with its offset.
 */
class RecoveryAcrossNodesTest {

    private static RedisServer redis;
    private static RedisClient probeClient;
    private static RedisCommands<String, String> probe;
    private static int deadPort;
    private StreamsCluster cluster;
    private Node a;
    private Node b;
    private TcpProxy proxy;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
        probeClient = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = probeClient.connect();
        probe = c.sync();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // nothing listens there once it is closed
        }
    }

    @AfterAll
    static void stopRedis() {
        probeClient.shutdown();
        redis.close();
    }

    @BeforeEach
    void startNodes() throws IOException {
        probe.flushall();
        cluster = new StreamsCluster(redis);
        a = cluster.node("A", true, o -> { });
        b = cluster.node("B", true, o -> { });
        proxy = new TcpProxy(a.port);
    }

    @AfterEach
    void stopNodes() {
        proxy.close();
        cluster.close();
    }

    /** Drops the client's connection and keeps it out until {@link #letIn}. */
    private void cutOff() {
        proxy.target(deadPort);
        proxy.cutAll();
    }

    private void letIn(Node node) {
        proxy.target(node.port);
    }

    private void awaitSessionKept() {
        Peer.waiting().until(() -> probe.keys("sio:session:*").size() == 1);
    }

    @Test
    void aClientCutOffFromOneNodeComesBackOnAnotherWithItsStateAndWhatItMissed() {
        Peer p = cluster.track(Peer.connect(proxy.port(), "/"));
        String sid = p.id();
        p.call("join", "r1");
        Peer witness = cluster.client(b);
        witness.call("join", "r1");
        witness.call("join", "r2");

        a.io.emit("before", 0);
        String offset = p.await("before").last();
        assertThat(offset).matches("[0-9]+-[0-9]+");
        assertThat(witness.await("before").last()).as("the same offset on every node").isEqualTo(offset);

        cutOff();
        awaitSessionKept();
        b.io.emit("all", 1);
        b.io.to("r1").emit("r1", 2);
        b.io.to("r2").emit("r2", 3);
        b.io.except("r1").emit("notR1", 4);
        b.io.of("/chat").emit("chat", 5);
        b.io.volatile_().emit("volatile", 6);
        b.io.emit("binary", new byte[] {7});
        witness.await("binary"); // B's broadcasts are in the stream; A's comes after them
        a.io.emit("fromA", 8);
        witness.await("fromA");

        letIn(b);
        assertThat(p.awaitConnects(2)).as("the same socket id").isEqualTo(sid);
        assertThat(p.socket.recovered()).isTrue();
        p.await("fromA");
        List<Peer.Event> replayed = List.copyOf(p.events).subList(1, p.events.size());
        assertThat(replayed.stream().map(Peer.Event::name))
                .containsExactly("all", "r1", "volatile", "binary", "fromA");
        assertThat(replayed).allSatisfy(e -> assertThat(e.last()).matches("[0-9]+-[0-9]+"));
        assertThat(p.await("binary").binary(0)).containsExactly(7);

        Socket restored = b.socket("/", sid);
        assertThat(restored.recovered()).isTrue();
        assertThat(restored.rooms()).containsExactlyInAnyOrder(sid, "r1");
        assertThat(restored.data()).isEqualTo(Map.of("node", "A"));
        b.io.to("r1").emit("after", 9);
        assertThat(p.await("after").arg(0).asInt()).isEqualTo(9);
        assertThat(probe.keys("sio:session:*")).as("the session is taken").isEmpty();
    }

    @Test
    void aNodeShuttingDownKeepsItsSocketsSessionsForTheOthers() {
        Peer p = cluster.track(Peer.connect(proxy.port(), "/"));
        String sid = p.id();
        p.call("join", "r1");
        a.io.emit("before");
        p.await("before");

        letIn(b);
        a.close(); // "server shutting down", then the adapter's connections close
        assertThat(p.awaitConnects(2)).isEqualTo(sid);
        assertThat(p.socket.recovered()).isTrue();
        assertThat(b.socket("/", sid).rooms()).contains("r1");
    }

    /** A client of node A that got one broadcast (so it has an offset), then cut off; its session is kept. */
    private Peer cutOffAfterABroadcast() {
        Peer p = cluster.track(Peer.connect(proxy.port(), "/"));
        a.io.emit("before");
        p.await("before");
        cutOff();
        awaitSessionKept();
        return p;
    }

    @Test
    void aSessionIsTakenOnceAndNotKeptAfterAServerSideDisconnect() {
        Peer p = cutOffAfterABroadcast();
        String sid = p.awaitConnects(1);
        letIn(b);
        assertThat(p.awaitConnects(2)).isEqualTo(sid);
        assertThat(probe.keys("sio:session:*")).as("taken: a second restore finds nothing").isEmpty();

        b.io.in(sid).disconnectSockets(false);
        Peer.waiting().until(() -> p.disconnects.contains("io server disconnect"));
        Peer.waiting().until(() -> b.io.of("/").sockets().isEmpty());
        assertThat(probe.keys("sio:session:*")).as("server namespace disconnect keeps nothing").isEmpty();
    }

    @Test
    void anOffsetTheStreamNoLongerHoldsGivesAFreshSession() {
        Peer p = cutOffAfterABroadcast();
        String sid = p.awaitConnects(1);
        probe.del("socket.io"); // trimmed away, as MAXLEN does to old entries
        letIn(b);
        assertThat(p.awaitConnects(2)).isNotEqualTo(sid);
        assertThat(p.socket.recovered()).isFalse();
        assertThat(probe.keys("sio:session:*")).as("consumed anyway, as the official adapter does").isEmpty();
    }
}
