// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.cluster.ClusterStats;
import dev.sio4j.server.RemoteSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Everything but broadcasts across three sio4j nodes on one Redis, for the classic and the
 * sharded adapter: fetchSockets and what a RemoteSocket can do, socketsJoin/Leave,
 * disconnectSockets, serverSideEmit with and without acks, allRooms, the node count, and bad
 * input published on the adapter's channels.
 */
abstract class RequestsAcrossNodes extends ThreeNodes {

    /** The channels a stranger can publish garbage on. */
    abstract List<String> channels();

    /** Whether those are sharded channels. */
    abstract boolean sharded();

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void fetchSocketsListsEveryNodesSocketsWithTheirDetails() {
        b.join("fetch");
        List<RemoteSocket> all = join(cluster.node(0).io.fetchSockets());
        Map<String, RemoteSocket> byId = all.stream().collect(Collectors.toMap(RemoteSocket::id, s -> s));
        assertThat(byId).containsKeys(a.id(), b.id(), c.id());
        RemoteSocket remote = byId.get(b.id());
        assertThat(remote.data()).containsEntry("node", "B");
        assertThat(remote.rooms()).contains(b.id(), "fetch");
        assertThat(remote.handshake().address()).isNotEmpty();
        assertThat(join(cluster.node(2).io.in("fetch").fetchSockets())).extracting(RemoteSocket::id).containsExactly(b.id());
    }

    @Test
    void aRemoteSocketCanBeEmittedToJoinedLeftAndDisconnected() {
        RemoteSocket remote = join(cluster.node(0).io.in(c.id()).fetchSockets()).get(0);
        remote.emit("direct", "to c");
        assertThat(c.next()).isEqualTo("direct [\"to c\"]");
        remote.join("joined-remotely");
        await().atMost(TestNodes.WAIT).until(() ->
                cluster.node(2).io.of("/").sockets().get(c.id()).rooms().contains("joined-remotely"));
        remote.leave("joined-remotely");
        await().atMost(TestNodes.WAIT).until(() ->
                !cluster.node(2).io.of("/").sockets().get(c.id()).rooms().contains("joined-remotely"));
        remote.disconnect(false);
        assertThat(c.next()).isEqualTo("disconnect io server disconnect");
    }

    @Test
    void socketsJoinLeaveAndDisconnectReachOtherNodes() {
        b.join("src");
        c.join("src");
        cluster.node(0).io.in("src").socketsJoin("dst");
        await().atMost(TestNodes.WAIT).until(() -> cluster.node(1).io.of("/").sockets().get(b.id()).rooms().contains("dst")
                && cluster.node(2).io.of("/").sockets().get(c.id()).rooms().contains("dst"));
        cluster.node(0).io.in("src").except(b.id()).socketsLeave("dst");
        await().atMost(TestNodes.WAIT).until(() -> !cluster.node(2).io.of("/").sockets().get(c.id()).rooms().contains("dst"));
        assertThat(cluster.node(1).io.of("/").sockets().get(b.id()).rooms()).contains("dst");
        cluster.node(0).io.in("dst").disconnectSockets(true);
        assertThat(b.next()).isEqualTo("disconnect io server disconnect");
    }

    @Test
    void serverSideEmitReachesTheOtherNodesWithAndWithoutAcks() {
        cluster.nodes.forEach(n -> n.serverSideEvents.clear());
        cluster.node(0).io.of("/").serverSideEmit("hello", "world", 1);
        await().atMost(TestNodes.WAIT).until(() -> cluster.node(1).serverSideEvents.size() == 1
                && cluster.node(2).serverSideEvents.size() == 1);
        assertThat(cluster.node(1).serverSideEvents).containsExactly("[\"world\", 1]");
        assertThat(cluster.node(0).serverSideEvents).as("never to itself").isEmpty();

        List<JsonNode> answers = join(cluster.node(1).io.of("/").serverSideEmitWithAck(Duration.ofSeconds(3), "hello", "q"));
        assertThat(answers).extracting(j -> j.get("node").asText()).containsExactlyInAnyOrder("A", "C");
    }

    @Test
    void allRoomsAndTheNodeCountCoverTheCluster() {
        b.join("room-b");
        c.join("room-c");
        Set<String> rooms = join(cluster.node(0).io.of("/").adapter().allRooms());
        assertThat(rooms).contains("room-b", "room-c", a.id(), b.id(), c.id());
        assertThat(join(cluster.node(0).io.of("/").adapter().serverCount())).isEqualTo(3);
    }

    @Test
    void garbageOnTheChannelsIsCountedAndDropped() {
        long before = cluster.node(1).factory.stats().malformed();
        byte[][] garbage = {
                "{not json".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xc1},                               // never used in MessagePack
                {(byte) 0x93, (byte) 0xa1},                  // truncated
                {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, // an array longer than the message
                "{\"type\":3,\"data\":{\"packet\":{}},\"uid\":\"x\",\"nsp\":\"/\"}".getBytes(StandardCharsets.UTF_8),
                "{\"uid\":\"x\",\"type\":5}".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8),
        };
        for (String channel : channels()) {
            for (byte[] g : garbage) {
                join(sharded() ? cluster.probe().spublish(channel, g) : cluster.probe().publish(channel, g));
            }
        }
        await().atMost(TestNodes.WAIT).until(() -> cluster.node(1).factory.stats().malformed() > before + channels().size());
        // still serving, across nodes
        cluster.node(1).io.emit("after", "garbage");
        assertThat(a.next()).isEqualTo("after [\"garbage\"]");
        ClusterStats stats = cluster.node(1).factory.stats();
        assertThat(stats.received()).isPositive();
        assertThat(cluster.node(1).factory.isConnected()).isTrue();
    }
}
