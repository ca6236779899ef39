// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.redis.TestNodes.TestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcasts across three sio4j nodes on one Redis, for the classic and the sharded adapter:
 * to all, rooms, except, a single socket, volatile and uncompressed, binary, {@code local},
 * another namespace, and with acknowledgements from every node. Absence is checked without
 * waiting: a marker broadcast to everyone must be the next thing a client gets.
 */
abstract class BroadcastAcrossNodes extends ThreeNodes {

    private void marker(TestClient... clients) {
        cluster.node(0).io.emit("marker");
        for (TestClient client : clients) {
            assertThat(client.next()).isEqualTo("marker []");
        }
    }

    @Test
    void aBroadcastReachesTheClientsOfEveryNode() {
        cluster.node(0).io.emit("m", "hi", 42);
        for (TestClient client : List.of(a, b, c)) {
            assertThat(client.next()).isEqualTo("m [\"hi\", 42]");
        }
    }

    @Test
    void roomsExceptAndSingleSocketsHoldAcrossNodes() {
        b.join("r");
        c.join("r");
        cluster.awaitRoomSubscribers("r", 2);
        cluster.node(0).io.to("r").emit("room");
        assertThat(b.next()).isEqualTo("room []");
        assertThat(c.next()).isEqualTo("room []");
        cluster.node(1).io.to("r").except(c.id()).emit("except");
        assertThat(b.next()).isEqualTo("except []");
        cluster.node(2).io.except("r").emit("outside");
        assertThat(a.next()).isEqualTo("outside []");
        cluster.node(2).io.to(a.id()).emit("private", "psst");
        assertThat(a.next()).isEqualTo("private [\"psst\"]");
        cluster.node(0).io.to(List.of("r", a.id())).except(b.id()).emit("two");
        assertThat(a.next()).isEqualTo("two []");
        assertThat(c.next()).isEqualTo("two []");
        marker(a, b, c);
    }

    @Test
    void volatileUncompressedAndBinaryBroadcastsArrive() {
        cluster.node(0).io.volatile_().compress(false).emit("flags", 1.5);
        cluster.node(0).io.emit("bin", (Object) new byte[] {1, 2, 3}); // same sender: the order holds
        for (TestClient client : List.of(a, b, c)) {
            assertThat(client.next()).isEqualTo("flags [1.5]");
            assertThat(client.next()).startsWith("bin ");
            assertThat(((JsonNode) client.lastArgs.get("bin").get(0)).isBinary()).isTrue();
        }
    }

    @Test
    void localStaysOnItsNodeAndNamespacesStayApart() {
        TestClient chat = cluster.client(2, "/chat");
        cluster.node(0).io.local().emit("local");
        assertThat(a.next()).isEqualTo("local []");
        cluster.node(1).io.of("/chat").emit("chat");
        assertThat(chat.next()).isEqualTo("chat []");
        marker(a, b, c);
        cluster.node(0).io.of("/chat").emit("chat-marker");
        assertThat(chat.next()).as("no \"/\" broadcast reached /chat").isEqualTo("chat-marker []");
        chat.close();
    }

    @Test
    void broadcastAcksComeFromEveryNode() {
        List<JsonNode> answers = cluster.node(0).io.timeout(Duration.ofSeconds(3)).emitWithAck("ask", "q")
                .orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(answers).extracting(j -> j.get("from").asText())
                .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        // a room on other nodes only: the requesting node counts their clients too
        b.join("acks");
        cluster.awaitRoomSubscribers("acks", 1);
        List<JsonNode> one = cluster.node(0).io.to("acks").timeout(Duration.ofSeconds(3)).emitWithAck("ask", "r")
                .orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(one).extracting(j -> j.get("from").asText()).containsExactly(b.id());
    }
}
