// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster on one real redis-server: two sio4j nodes (J1, J2) on sio4j's Redis adapter and
 * one Node.js node (N) on the official {@code @socket.io/redis-adapter} 8.3.0, with official
 * socket.io-client clients c1 on J1, c2 on J2, c3 on N (and one on J2's {@code /chat}). Every
 * cross-node flow is checked in both directions: broadcasts, rooms, private messages, namespace
 * isolation, fetchSockets (and a RemoteSocket's emit), serverSideEmit with and without acks, and
 * broadcast acks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MixedRedisCluster {

    static final Duration WAIT = MixedNode.WAIT;

    /** "classic" or "sharded": the official adapter the Node node runs. */
    abstract String mode();

    abstract ClusterAdapterFactory factory(String redisUri);

    RedisServer redis;
    MixedNode node;
    final List<SocketIoServer> java = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final List<ClusterAdapterFactory> factories = new ArrayList<>();
    final List<List<String>> javaServerSideEvents = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    private RedisClient probeClient;
    private StatefulRedisConnection<String, String> probe;
    String c1;
    String c2;
    String c3;

    @BeforeAll
    void start() {
        redis = RedisServer.start();
        for (int i = 0; i < 2; i++) {
            String name = "J" + (i + 1);
            ClusterAdapterFactory f = factory(redis.uri());
            SocketIoServer io = SocketIoServer.builder().adapter(f).build();
            io.of("/chat");
            io.on("connection", socket -> {
                socket.data().put("node", name);
                socket.on("join", (JsonNode room, dev.sio4j.server.Ack ack) -> {
                    socket.join(room.asText());
                    ack.send(true);
                });
            });
            List<String> events = javaServerSideEvents.get(i);
            io.of("/").onServerSideEmit("hello", (args, ack) -> {
                events.add(args.toString());
                if (ack != null) {
                    ack.send(JsonNodeFactory.instance.objectNode().put("node", name));
                }
            });
            try {
                ports.add(io.listen("127.0.0.1", 0).getPort());
            } catch (java.net.BindException e) {
                throw new java.io.UncheckedIOException(e);
            }
            io.ready().orTimeout(10, TimeUnit.SECONDS).join();
            java.add(io);
            factories.add(f);
        }
        node = new MixedNode(redis.port(), mode());
        probeClient = RedisClient.create(redis.uri());
        probe = probeClient.connect();
        c1 = node.client("c1", url(0, "/"));
        c2 = node.client("c2", url(1, "/"));
        c3 = node.client("c3", "http://127.0.0.1:" + node.port + "/");
        await().atMost(WAIT).until(() -> serverCount() == 3);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        java.forEach(io -> io.closeAsync().orTimeout(10, TimeUnit.SECONDS).join());
        factories.forEach(ClusterAdapterFactory::close);
        if (probe != null) {
            probe.close();
            probeClient.shutdown();
        }
        redis.close();
    }

    String url(int javaNode, String nsp) {
        return "http://127.0.0.1:" + ports.get(javaNode) + nsp;
    }

    int serverCount() {
        return java.get(0).of("/").adapter().serverCount().join();
    }

    /** Waits until {@code n} nodes subscribe {@code room}'s own channel (sharded, dynamic mode); nothing to do in classic. */
    void awaitRoomSubscribers(String room, int n) {
        if (mode().equals("sharded")) {
            await().atMost(WAIT).until(() -> probe.sync().pubsubShardNumsub("socket.io#/#" + room + "#")
                    .getOrDefault("socket.io#/#" + room + "#", 0L) == n);
        }
    }

    /** Waits for {@code count} new events of {@code client} after {@code before} and returns them. */
    List<String> newEvents(String client, int before, int count) {
        List<String> all = node.awaitEvents(client, before + count);
        return all.subList(before, all.size());
    }

    @Test
    void broadcastsFromEveryNodeReachTheClientsOfEveryNode() {
        int b1 = node.events("c1").size();
        int b2 = node.events("c2").size();
        int b3 = node.events("c3").size();
        java.get(0).emit("m", "from J1");
        java.get(1).emit("m", "from J2");
        node.command("broadcast", c -> c.put("event", "m").putArray("args").add("from N"));
        for (var e : List.of(Map.entry("c1", b1), Map.entry("c2", b2), Map.entry("c3", b3))) {
            assertThat(newEvents(e.getKey(), e.getValue(), 3)).as(e.getKey())
                    .containsExactlyInAnyOrder("m [\"from J1\"]", "m [\"from J2\"]", "m [\"from N\"]");
        }
    }

    @Test
    void roomsAndPrivateMessagesCrossTheLanguageBorder() {
        node.join("c1", "room");
        node.join("c3", "room");
        awaitRoomSubscribers("room", 2);
        int b1 = node.events("c1").size();
        int b2 = node.events("c2").size();
        int b3 = node.events("c3").size();
        java.get(1).to("room").emit("room", "J2");
        node.command("broadcast", c -> {
            c.put("event", "room").putArray("args").add("N");
            c.putArray("rooms").add("room");
        });
        java.get(0).to(c3).emit("private", "J1 to c3");
        node.command("broadcast", c -> {
            c.put("event", "private").putArray("args").add("N to c2");
            c.putArray("rooms").add(c2);
        });
        java.get(0).to("room").except(c1).emit("except", "J1");
        assertThat(newEvents("c1", b1, 2)).containsExactlyInAnyOrder("room [\"J2\"]", "room [\"N\"]");
        assertThat(newEvents("c3", b3, 4)).containsExactlyInAnyOrder("room [\"J2\"]", "room [\"N\"]",
                "private [\"J1 to c3\"]", "except [\"J1\"]");
        assertThat(newEvents("c2", b2, 1)).containsExactly("private [\"N to c2\"]");
        // nothing else arrived: a marker to all is the next event of c1 and c2
        java.get(1).emit("marker");
        assertThat(newEvents("c1", b1, 3)).last().isEqualTo("marker []");
        assertThat(newEvents("c2", b2, 2)).last().isEqualTo("marker []");
    }

    @Test
    void namespacesStayApartAcrossNodes() {
        node.client("chat", url(1, "/chat"));
        node.command("broadcast", c -> c.put("event", "not-for-chat").putArray("args"));
        java.get(0).emit("not-for-chat");
        node.command("broadcast", c -> c.put("ns", "/chat").put("event", "chat").putArray("args").add("N"));
        java.get(0).of("/chat").emit("chat", "J1");
        assertThat(newEvents("chat", 0, 2)).containsExactlyInAnyOrder("chat [\"N\"]", "chat [\"J1\"]");
        java.get(1).of("/chat").emit("chat-marker");
        assertThat(newEvents("chat", 0, 3)).last().isEqualTo("chat-marker []");
    }

    @Test
    void fetchSocketsSeesEveryNodesSocketsFromBothSides() {
        Map<String, RemoteSocket> fromJava = java.get(0).fetchSockets().orTimeout(10, TimeUnit.SECONDS).join().stream()
                .collect(Collectors.toMap(RemoteSocket::id, s -> s, (x, y) -> x));
        assertThat(fromJava).containsKeys(c1, c2, c3);
        assertThat(fromJava.get(c3).data()).containsEntry("node", "N");
        assertThat(fromJava.get(c2).data()).containsEntry("node", "J2");

        JsonNode fromNode = node.request("fetchSockets", c -> { });
        Map<String, String> nodeOf = new java.util.HashMap<>();
        fromNode.forEach(s -> nodeOf.put(s.get("id").asText(), s.path("data").path("node").asText()));
        assertThat(nodeOf).containsEntry(c1, "J1").containsEntry(c2, "J2").containsEntry(c3, "N");

        // a remote socket of the other language can be emitted to
        int b1 = node.events("c1").size();
        int b3 = node.events("c3").size();
        assertThat(node.request("remoteEmit", c -> c.put("socketId", c1).put("event", "remote")).asInt()).isEqualTo(1);
        fromJava.get(c3).emit("remote");
        assertThat(newEvents("c1", b1, 1)).containsExactly("remote []");
        assertThat(newEvents("c3", b3, 1)).containsExactly("remote []");
    }

    @Test
    void serverSideEmitsTravelBothWaysWithAndWithoutAcks() {
        java.get(0).of("/").serverSideEmit("hello", "from J1");
        await().atMost(WAIT).until(() -> node.serverSideEvents().contains("[\"from J1\"]")
                && javaServerSideEvents.get(1).contains("[\"from J1\"]"));
        node.command("serverSideEmit", c -> c.put("event", "hello").putArray("args").add("from N"));
        await().atMost(WAIT).until(() -> javaServerSideEvents.get(0).contains("[\"from N\"]")
                && javaServerSideEvents.get(1).contains("[\"from N\"]"));

        List<JsonNode> answers = java.get(0).of("/").serverSideEmitWithAck(Duration.ofSeconds(3), "hello", "ask J")
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(answers).extracting(j -> j.get("node").asText()).containsExactlyInAnyOrder("J2", "N");
        JsonNode fromNode = node.request("serverSideEmitWithAck", c -> c.put("event", "hello").putArray("args").add("ask N"));
        List<String> nodes = new ArrayList<>();
        fromNode.forEach(j -> nodes.add(j.get("node").asText()));
        assertThat(nodes).containsExactlyInAnyOrder("J1", "J2");
    }

    @Test
    void broadcastAcksAreCollectedFromEveryNodeBothWays() {
        List<JsonNode> fromJava = java.get(0).timeout(Duration.ofSeconds(3)).emitWithAck("ask", "J")
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(fromJava).extracting(j -> j.get("from").asText()).containsExactlyInAnyOrder(c1, c2, c3);
        JsonNode fromNode = node.request("emitWithAck", c -> c.put("event", "ask").putArray("args").add("N"));
        List<String> from = new ArrayList<>();
        fromNode.forEach(j -> from.add(j.get("from").asText()));
        assertThat(from).containsExactlyInAnyOrder(c1, c2, c3);
    }
}
