// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.SocketDetails;
import dev.sio4j.adapter.cluster.TestCluster.Node;
import dev.sio4j.adapter.cluster.TestCluster.Sock;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every cluster-visible operation across three nodes of an in-JVM cluster. */
class ClusterAdapterTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestCluster cluster = new TestCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private static SocketPacket event(String name, Object... args) {
        ArrayNode data = F.arrayNode().add(name);
        for (Object a : args) {
            if (a instanceof byte[] b) {
                data.add(b);
            } else {
                data.add(String.valueOf(a));
            }
        }
        return SocketPacket.event("/", data);
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
    }

    @Test
    void aBroadcastReachesTheMatchingSocketsOfEveryNodeOnce() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        Sock a1 = a.connect("a1", "red");
        Sock b1 = b.connect("b1", "red", "muted");
        Sock b2 = b.connect("b2");
        Sock c1 = c.connect("c1", "red");

        a.adapter.broadcast(event("all"), BroadcastOptions.ALL);
        b.adapter.broadcast(event("red"), to(Set.of("red"), Set.of("muted")));
        c.adapter.broadcast(event("private"), to(Set.of("b2"), Set.of()));
        a.adapter.broadcast(event("bin", (Object) new byte[] {1, 2, 3}), BroadcastOptions.ALL);
        a.adapter.broadcast(event("local"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withLocal(true)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a1.events()).containsExactlyInAnyOrder("all", "red", "bin", "local");
            assertThat(b1.events()).containsExactly("all", "bin");
            assertThat(b2.events()).containsExactlyInAnyOrder("all", "private", "bin");
            assertThat(c1.events()).containsExactlyInAnyOrder("all", "red", "bin");
        });
        assertThat(c1.events()).containsSubsequence("all", "bin"); // one sender's order is kept
        JsonNode remoteBinary = c1.received.get(c1.events().indexOf("bin")).data().get(1);
        assertThat(remoteBinary.isBinary()).as("binary travels as binary").isTrue();
    }

    @Test
    void flagsTravelWithTheBroadcast() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        b.connect("b1");
        a.adapter.broadcast(event("v"), new BroadcastOptions(Set.of(), Set.of(),
                BroadcastFlags.DEFAULT.withVolatile(true).withCompress(false)));
        await().atMost(WAIT).until(() -> b.sockets.get("b1").received.size() == 1);
        assertThat(b.preparedFlags).singleElement().satisfies(f -> {
            assertThat(f.volatile_()).isTrue();
            assertThat(f.compress()).isFalse();
            assertThat(f.local()).isFalse();
        });
    }

    @Test
    void broadcastAcksComeFromEveryNodeWithEachNodesCount() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        a.connect("a1");
        Sock b1 = b.connect("b1");
        Sock b2 = b.connect("b2");
        c.connect("c1", "elsewhere");
        List<Integer> counts = new CopyOnWriteArrayList<>();
        List<JsonNode> answers = new CopyOnWriteArrayList<>();
        BroadcastOptions opts = new BroadcastOptions(Set.of(), Set.of("elsewhere"),
                BroadcastFlags.DEFAULT.withTimeout(Duration.ofSeconds(5)));

        a.adapter.broadcastWithAck(event("poll"), opts, counts::add, answers::add);

        await().atMost(WAIT).untilAsserted(() -> assertThat(counts).containsExactlyInAnyOrder(1, 2, 0));
        a.sockets.get("a1").ackAll(TextNode.valueOf("from a1"));
        b1.ackAll(TextNode.valueOf("from b1"));
        b2.ackAll(TextNode.valueOf("from b2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(answers).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("from a1", "from b1", "from b2"));
    }

    @Test
    void fetchSocketsListsEveryNodesSocketsWithHandshakeRoomsAndData() throws Exception {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        a.connect("a1", "red");
        b.connect("b1", "red");
        b.connect("b2");
        c.connect("c1", "red");

        List<SocketDetails> red = a.adapter.fetchSockets(to(Set.of("red"), Set.of())).get(10, TimeUnit.SECONDS);

        assertThat(red).extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1", "c1");
        SocketDetails remote = red.stream().filter(s -> s.id().equals("b1")).findFirst().orElseThrow();
        assertThat(remote).isInstanceOf(RemoteSocketDetails.class);
        assertThat(remote.rooms()).containsExactlyInAnyOrder("b1", "red");
        assertThat(remote.handshakeJson().path("address").asText()).isEqualTo("10.0.0.2");
        assertThat(remote.data()).containsEntry("node", "B");
        assertThat(remote.data().get("bytes")).isEqualTo(new byte[] {1, 2});
        assertThat(a.adapter.fetchSockets(new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withLocal(true)))
                .get(10, TimeUnit.SECONDS)).extracting(SocketDetails::id).containsExactly("a1");
        assertThat(a.adapter.allRooms().get(10, TimeUnit.SECONDS)).containsExactlyInAnyOrder("a1", "b1", "b2", "c1", "red");
        assertThat(a.adapter.stats().requests()).isEqualTo(2);
    }

    @Test
    void joinLeaveAndDisconnectReachEveryNode() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Sock a1 = a.connect("a1", "red");
        Sock b1 = b.connect("b1", "red");
        Sock b2 = b.connect("b2");

        a.adapter.addSockets(to(Set.of("red"), Set.of()), Set.of("blue"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(b.adapter.socketRooms("b1")).contains("blue"));
        assertThat(a.adapter.socketRooms("a1")).contains("blue");
        assertThat(b.adapter.socketRooms("b2")).doesNotContain("blue");

        b.adapter.delSockets(BroadcastOptions.ALL, Set.of("red"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.adapter.socketRooms("a1")).doesNotContain("red"));

        a.adapter.disconnectSockets(to(Set.of("b2"), Set.of()), true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(b2.disconnects).containsExactly(true));
        assertThat(b1.disconnects).isEmpty();
        assertThat(a1.disconnects).isEmpty();
    }

    @Test
    void serverSideEmitReachesTheOtherNodesAndTheirAnswersComeBack() throws Exception {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        b.serverSideListener = (args, ack) -> { ack.accept(TextNode.valueOf("B got " + args.get(1).asText())); return true; };
        c.serverSideListener = (args, ack) -> { ack.accept(TextNode.valueOf("C got " + args.get(1).asText())); return true; };

        a.adapter.serverSideEmit(List.of(TextNode.valueOf("hello"), TextNode.valueOf("world")));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(b.serverSideEmits).hasSize(1);
            assertThat(c.serverSideEmits).hasSize(1);
        });
        assertThat(a.serverSideEmits).as("never to the sender").isEmpty();

        List<JsonNode> answers = a.adapter.serverSideEmitWithAck(List.of(TextNode.valueOf("ping"), TextNode.valueOf("q")),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(answers).extracting(JsonNode::asText).containsExactlyInAnyOrder("B got q", "C got q");
    }

    @Test
    void aNodeThatNeverAnswersEndsTheRequestAtItsTimeoutWithWhatTheOthersSent() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Node c = cluster.node("C");
        a.connect("a1");
        b.connect("b1");
        c.connect("c1");
        b.serverSideListener = (args, ack) -> { ack.accept(TextNode.valueOf("B")); return true; };
        c.deaf = true; // hung: still counted (subscribed) but answers nothing

        CompletableFuture<List<JsonNode>> emit = a.adapter.serverSideEmitWithAck(List.of(TextNode.valueOf("ping")),
                Duration.ofMillis(500));
        CompletableFuture<List<SocketDetails>> fetch = a.adapter.fetchSockets(
                new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withTimeout(Duration.ofMillis(500))));

        ClusterTimeoutException emitTimeout = timeoutOf(emit);
        assertThat(emitTimeout.received()).isEqualTo(1);
        assertThat(emitTimeout.expected()).isEqualTo(2);
        assertThat(emitTimeout.responses()).isEqualTo(List.of(TextNode.valueOf("B")));
        ClusterTimeoutException fetchTimeout = timeoutOf(fetch);
        assertThat(fetchTimeout.responses()).extracting(s -> ((SocketDetails) s).id()).containsExactlyInAnyOrder("a1", "b1");
        assertThat(fetchTimeout.getMessage()).isEqualTo("timeout reached: only 1 responses received out of 2");
        assertThat(a.adapter.stats().requestTimeouts()).isEqualTo(2);
    }

    private static ClusterTimeoutException timeoutOf(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ClusterTimeoutException.class);
            return (ClusterTimeoutException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the request did not time out");
    }

    @Test
    void aFailedPublishNeverStopsLocalDeliveryAndFailsRequestsFast() throws Exception {
        Node a = cluster.node("A");
        cluster.node("B").connect("b1");
        Sock a1 = a.connect("a1");
        cluster.down = true;

        a.adapter.broadcast(event("still local"), BroadcastOptions.ALL);
        a.adapter.addSockets(BroadcastOptions.ALL, Set.of("r"));
        a.adapter.serverSideEmit(List.of(TextNode.valueOf("lost")));
        assertThat(a1.events()).containsExactly("still local");
        assertThat(a.adapter.socketRooms("a1")).contains("r");

        CompletableFuture<List<SocketDetails>> fetch = a.adapter.fetchSockets(BroadcastOptions.ALL);
        assertThat(fetch).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ClusterPublishException.class);
        assertThat(a.adapter.stats().publishFailures()).isEqualTo(4);

        cluster.down = false;
        assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void requestsFailTypedAndCountedWhenTheNodesCannotBeCounted() throws Exception {
        Node a = cluster.node("A");
        cluster.node("B").connect("b1");
        a.connect("a1");
        cluster.countFails = true;

        assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL)).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(ClusterPublishException.class,
                        e -> assertThat(e.messageType()).isEqualTo(MessageType.FETCH_SOCKETS));
        assertThat(a.adapter.serverSideEmitWithAck(List.of(TextNode.valueOf("q")), Duration.ofSeconds(1)))
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(ClusterPublishException.class,
                        e -> assertThat(e.messageType()).isEqualTo(MessageType.SERVER_SIDE_EMIT));
        assertThat(a.adapter.stats().publishFailures()).isEqualTo(2);

        cluster.countFails = false;
        assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void nodesAreKnownThroughHeartbeatsAndForgottenWhenSilentOrClosed() {
        ClusterAdapterOptions fast = ClusterAdapterOptions.builder()
                .heartbeatInterval(Duration.ofMillis(100)).heartbeatTimeout(Duration.ofMillis(400)).build();
        Node a = cluster.node("A", fast, null, false);
        Node b = cluster.node("B", fast, null, false);
        Node c = cluster.node("C", fast, null, false);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a.adapter.nodes()).containsExactlyInAnyOrder(b.adapter.uid(), c.adapter.uid());
            assertThat(c.adapter.nodes()).containsExactlyInAnyOrder(a.adapter.uid(), b.adapter.uid());
        });
        assertThat(a.adapter.serverCount()).isCompletedWithValue(3);

        c.deaf = true;         // c dies without a word: it hears nothing ...
        c.muted = true;        // ... and no one hears it
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.adapter.nodes()).containsExactly(b.adapter.uid()));

        b.adapter.close();     // says goodbye: gone at once
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.adapter.nodes()).isEmpty());
        assertThat(a.adapter.serverCount()).isCompletedWithValue(1);
    }

    @Test
    void offsetsFromTheTransportAreTheSameOnEveryNode() {
        Node a = cluster.node("A", ClusterAdapterOptions.builder().heartbeats(false).build(), Duration.ofMinutes(2), true);
        Node b = cluster.node("B", ClusterAdapterOptions.builder().heartbeats(false).build(), Duration.ofMinutes(2), true);
        Sock a1 = a.connect("a1");
        Sock b1 = b.connect("b1");

        a.adapter.broadcast(event("kept"), BroadcastOptions.ALL);
        a.adapter.broadcast(event("volatile"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile(true)));

        await().atMost(WAIT).until(() -> a1.received.size() == 2 && b1.received.size() == 2);
        JsonNode local = a1.received.get(0).data();
        JsonNode remote = b1.received.get(0).data();
        assertThat(local.get(local.size() - 1).asText()).isEqualTo("1-0");
        assertThat(remote).isEqualTo(local);
        assertThat(a1.received.get(1).data()).as("no offset on a volatile packet").hasSize(1);
        assertThat(b1.received.get(1).data()).hasSize(1);
    }

    @Test
    void messagesFromItselfOrOtherNamespacesAreIgnoredAndMalformedOnesCounted() {
        Node a = cluster.node("A");
        Sock a1 = a.connect("a1");
        a.adapter.receive("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"self\"]},\"opts\":{}},\"uid\":\""
                + a.adapter.uid() + "\",\"nsp\":\"/\"}", null);
        a.adapter.receive("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"other nsp\"]},\"opts\":{}},\"uid\":\"x\",\"nsp\":\"/chat\"}", null);
        a.adapter.receive("{\"type\":3,\"data\":{\"packet\":\"nope\"},\"uid\":\"x\",\"nsp\":\"/\"}", null);
        a.adapter.receive("not json", null);
        a.adapter.receive("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ok\"]},\"opts\":{}},\"uid\":\"x\",\"nsp\":\"/\"}", null);
        assertThat(a1.events()).containsExactly("ok");
        assertThat(a.adapter.stats().malformed()).isEqualTo(2);
        assertThat(a.adapter.stats().received()).isEqualTo(1);
    }

    @Test
    void aRemoteAckRequestWithoutTimeoutIsBoundedByTheRequestsTimeout() {
        Node a = cluster.node("A");
        Node b = cluster.node("B");
        Sock b1 = b.connect("b1");
        List<Integer> counts = new CopyOnWriteArrayList<>();
        a.adapter.broadcastWithAck(event("ask"), BroadcastOptions.ALL, counts::add, answer -> { });
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts).containsExactlyInAnyOrder(0, 1));
        assertThat(b1.ackTimeouts).containsExactly(Duration.ofSeconds(2));
    }
}
