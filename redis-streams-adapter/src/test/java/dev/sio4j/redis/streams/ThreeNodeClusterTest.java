// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis.streams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.cluster.ClusterStats;
import dev.sio4j.redis.streams.StreamsCluster.Node;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cluster-visible operation across three sio4j nodes on one real Redis, with sio4j
 * clients spread over them: broadcasts (rooms, except, a socket id, namespaces, volatile,
 * compress, binary, local), broadcast acks, fetchSockets and remote sockets, socketsJoin /
 * socketsLeave / disconnectSockets, serverSideEmit with and without acks, allRooms and the node
 * count.
 */
class ThreeNodeClusterTest {

    private static RedisServer redis;
    private static StreamsCluster cluster;
    private static Node a;
    private static Node b;
    private static Node c;
    private final List<Peer> peers = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        cluster = new StreamsCluster(redis);
        a = cluster.node("A");
        b = cluster.node("B");
        c = cluster.node("C");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        peers.forEach(Peer::close);
        Peer.waiting().until(() -> cluster.nodes.stream().allMatch(n -> n.io.of("/").sockets().isEmpty()));
    }

    private Peer client(Node node, String nsp) {
        Peer p = Peer.connect(node.port, nsp);
        peers.add(p);
        return p;
    }

    private Peer client(Node node, String nsp, String room) {
        Peer p = client(node, nsp);
        p.call("join", room);
        return p;
    }

    /**
     * Every client has the {@code n}-th {@code fence} event, sent now from {@code node}: what the
     * node sent before it has arrived. (Waiting for "a" fence would return at once from the
     * second fence on.)
     */
    private static void fence(Node node, int n, Peer... clients) {
        node.io.emit("fence");
        for (Peer p : clients) {
            p.await("fence", n);
        }
    }

    @Test
    void broadcastsReachTheMatchingClientsOfEveryNodeOnce() {
        Peer a1 = client(a, "/", "r1");
        Peer b1 = client(b, "/");
        Peer c1 = client(c, "/", "r1");
        Peer chat = client(b, "/chat");

        a.io.emit("all", Map.of("from", "A"));
        a.io.to("r1").emit("r1");
        a.io.except("r1").emit("notR1");
        a.io.to(b1.id()).emit("private", "psst");
        a.io.of("/chat").emit("chat");
        a.io.local().emit("local");
        a.io.volatile_().emit("volatile");
        a.io.compress(false).emit("uncompressed");
        a.io.emit("binary", new byte[] {1, 2, 3}, Map.of("n", 1.5));
        fence(a, 1, a1, b1, c1); // order holds per sender, so B sends once A's broadcasts are through
        b.io.to(List.of("r1", c1.id())).emit("twoRooms");
        fence(b, 2, a1, b1, c1);
        chat.await("chat");

        // a local broadcast does not wait for the stream (it is not in it), so it may overtake
        assertThat(names(a1)).containsOnlyOnce("local");
        assertThat(names(a1).stream().filter(n -> !n.equals("local")))
                .containsExactly("all", "r1", "volatile", "uncompressed", "binary", "fence", "twoRooms", "fence");
        assertThat(names(b1)).containsExactly("all", "notR1", "private", "volatile", "uncompressed", "binary", "fence",
                "fence");
        assertThat(names(c1)).containsExactly("all", "r1", "volatile", "uncompressed", "binary", "fence", "twoRooms",
                "fence");
        assertThat(b1.await("all").args().toString()).isEqualTo("[{\"from\":\"A\"}]");
        assertThat(b1.await("private").arg(0).asText()).isEqualTo("psst");
        Peer.Event bin = c1.await("binary");
        assertThat(bin.binary(0)).containsExactly(1, 2, 3);
        assertThat(bin.arg(1).get("n").doubleValue()).isEqualTo(1.5);
        assertThat(names(chat)).containsExactly("chat");
    }

    private static List<String> names(Peer p) {
        return p.events.stream().map(Peer.Event::name).toList();
    }

    @Test
    void broadcastAcksComeFromTheClientsOfEveryNode() throws Exception {
        Peer a1 = client(a, "/");
        Peer b1 = client(b, "/");
        Peer c1 = client(c, "/");
        List<JsonNode> acks = a.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", 42).get(10, TimeUnit.SECONDS);
        assertThat(acks).extracting(JsonNode::asText).containsExactlyInAnyOrder(a1.id(), b1.id(), c1.id());
        assertThat(c1.await("ask").arg(0).asInt()).isEqualTo(42);

        List<JsonNode> r1 = b.io.to(c1.id()).timeout(Duration.ofSeconds(5)).emitWithAck("ask", 1).get(10, TimeUnit.SECONDS);
        assertThat(r1).extracting(JsonNode::asText).containsExactly(c1.id());
    }

    @Test
    void fetchSocketsSeesEveryNodesSocketsAndActsOnRemoteOnes() throws Exception {
        Peer a1 = client(a, "/", "r1");
        Peer b1 = client(b, "/");
        Peer c1 = client(c, "/", "r1");

        List<RemoteSocket> all = b.io.fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(all).extracting(RemoteSocket::id).containsExactlyInAnyOrder(a1.id(), b1.id(), c1.id());
        RemoteSocket remote = all.stream().filter(s -> s.id().equals(c1.id())).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(c1.id(), "r1");
        assertThat(remote.data()).containsEntry("node", "C");
        assertThat(remote.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(b.io.in("r1").fetchSockets().get(10, TimeUnit.SECONDS)).extracting(RemoteSocket::id)
                .containsExactlyInAnyOrder(a1.id(), c1.id());

        remote.emit("direct", "to C");
        assertThat(c1.await("direct").arg(0).asText()).isEqualTo("to C");
        remote.join("joined");
        Peer.waiting().until(() -> c.socket("/", c1.id()).rooms().contains("joined"));
        remote.leave("r1");
        Peer.waiting().until(() -> !c.socket("/", c1.id()).rooms().contains("r1"));
        remote.disconnect(false);
        Peer.waiting().until(() -> c1.disconnects.contains("io server disconnect"));
        assertThat(a1.disconnects).isEmpty();
    }

    @Test
    void socketsJoinLeaveAndDisconnectReachEveryNode() {
        Peer a1 = client(a, "/", "r1");
        Peer b1 = client(b, "/", "r1");
        Peer c1 = client(c, "/");

        a.io.in("r1").socketsJoin("team");
        Peer.waiting().until(() -> b.socket("/", b1.id()).rooms().contains("team"));
        assertThat(a.socket("/", a1.id()).rooms()).contains("team");
        assertThat(c.socket("/", c1.id()).rooms()).doesNotContain("team");

        c.io.in(a1.id()).socketsLeave("team");
        Peer.waiting().until(() -> !a.socket("/", a1.id()).rooms().contains("team"));
        assertThat(b.socket("/", b1.id()).rooms()).contains("team");

        c.io.in("team").disconnectSockets(false);
        Peer.waiting().until(() -> b1.disconnects.contains("io server disconnect"));
        assertThat(a1.disconnects).isEmpty();
        assertThat(c1.disconnects).isEmpty();
    }

    @Test
    void serverSideEmitsReachTheOtherNodesAndTheirAnswersComeBack() throws Exception {
        a.io.serverSideEmit("hello", "from A");
        Peer.waiting().until(() -> b.hellos.contains("from A") && c.hellos.contains("from A"));
        assertThat(a.hellos).doesNotContain("from A");

        List<JsonNode> answers = b.io.of("/").serverSideEmitWithAck(Duration.ofSeconds(5), "ping", "q")
                .get(10, TimeUnit.SECONDS);
        assertThat(answers).extracting(j -> j.get("pong").asText()).containsExactlyInAnyOrder("A", "C");
        assertThat(answers).allSatisfy(j -> assertThat(j.get("arg").asText()).isEqualTo("q"));
    }

    @Test
    void withShardedPubSubRequestsAndAnswersUseShardChannels() throws Exception {
        Node s1 = cluster.node("S1", false, o -> o.useShardedPubSub(true).channelPrefix("sharded").streamName("sharded"));
        Node s2 = cluster.node("S2", false, o -> o.useShardedPubSub(true).channelPrefix("sharded").streamName("sharded"));
        try {
            Peer p = client(s2, "/");
            assertThat(s1.io.of("/").adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(s1.io.fetchSockets().get(10, TimeUnit.SECONDS)).extracting(RemoteSocket::id).containsExactly(p.id());
            List<JsonNode> acks = s1.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", 1).get(10, TimeUnit.SECONDS);
            assertThat(acks).extracting(JsonNode::asText).containsExactly(p.id());
            assertThat(s1.io.of("/").serverSideEmitWithAck(Duration.ofSeconds(5), "ping", "q").get(10, TimeUnit.SECONDS))
                    .extracting(j -> j.get("pong").asText()).containsExactly("S2");
        } finally {
            peers.forEach(Peer::close);
            peers.clear();
            s1.close();
            s2.close();
        }
    }

    @Test
    void roomsAndNodesAreCountedAcrossTheCluster() throws Exception {
        Peer a1 = client(a, "/", "only-on-a");
        client(c, "/", "only-on-c");
        assertThat(b.io.of("/").adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        Set<String> rooms = b.io.of("/").adapter().allRooms().get(10, TimeUnit.SECONDS);
        assertThat(rooms).contains("only-on-a", "only-on-c", a1.id());

        ClusterStats stats = b.factory.stats();
        assertThat(stats.published()).isPositive();
        assertThat(stats.received()).isPositive();
        assertThat(stats.malformed()).isZero();
        assertThat(b.factory.isConnected()).isTrue();
    }
}
