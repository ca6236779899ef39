// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.AckException;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BroadcastTest extends ServerTestBase {

    private final Map<String, Socket> byName = new ConcurrentHashMap<>();
    private final List<RawWebSocket> clients = new ArrayList<>();

    /** Three clients a, b, c; a and b in "r1", b and c in "r2". */
    private void threeClients() {
        start(b -> { });
        io.on("connection", s -> {
            String name = s.handshake().auth().path("name").asText();
            byName.put(name, s);
            s.on("join", String.class, s::join);
            s.on("toRoom", (JsonNode room) -> s.to(room.asText()).emit("fromPeer", s.handshake().auth().get("name")));
            s.on("others", (JsonNode x) -> s.broadcast().emit("fromPeer", x));
        });
        listen();
        for (String n : List.of("a", "b", "c")) {
            RawWebSocket c = client();
            c.connectNs("/", "{\"name\":\"" + n + "\"}");
            clients.add(c);
        }
        await().until(() -> byName.size() == 3);
        byName.get("a").join("r1");
        byName.get("b").join(List.of("r1", "r2"));
        byName.get("c").join("r2");
    }

    private String nextEventName(RawWebSocket c) {
        SocketPacket p = c.nextEvent();
        return p.data().get(0).asText() + ":" + p.data().get(1).asText();
    }

    private void assertSilent(RawWebSocket... cs) throws InterruptedException {
        for (RawWebSocket c : cs) {
            assertThat(c.pollPacket(Duration.ofMillis(150))).isNull();
        }
    }

    @Test
    void toInExceptAndUnionOfRooms() throws Exception {
        threeClients();
        RawWebSocket a = clients.get(0), b = clients.get(1), c = clients.get(2);
        io.to("r1").emit("x", 1);
        assertThat(nextEventName(a)).isEqualTo("x:1");
        assertThat(nextEventName(b)).isEqualTo("x:1");
        assertSilent(c);
        io.to("r1").to("r2").emit("x", 2);   // union: b receives once
        for (RawWebSocket t : clients) {
            assertThat(nextEventName(t)).isEqualTo("x:2");
        }
        assertSilent(b);
        io.in("r2").except("r1").emit("x", 3);
        assertThat(nextEventName(c)).isEqualTo("x:3");
        assertSilent(a, b);
        io.except("r2").emit("x", 4);
        assertThat(nextEventName(a)).isEqualTo("x:4");
        assertSilent(b, c);
        io.to(byName.get("c").id()).emit("x", 5);   // a socket id is a room
        assertThat(nextEventName(c)).isEqualTo("x:5");
        // socket.io drops a volatile packet only when the transport cannot take it now; these
        // WebSockets are idle and writable, so every client gets it (VolatileTest covers the drop).
        io.volatile_().compress(false).local().emit("x", 6);
        for (RawWebSocket t : clients) {
            assertThat(nextEventName(t)).isEqualTo("x:6");
        }
    }

    @Test
    void socketToAndBroadcastExcludeTheSender() throws Exception {
        threeClients();
        RawWebSocket a = clients.get(0), b = clients.get(1), c = clients.get(2);
        b.sendPacket("2[\"toRoom\",\"r2\"]");
        assertThat(nextEventName(c)).isEqualTo("fromPeer:b");
        assertSilent(b, a);
        a.sendPacket("2[\"others\",\"hi\"]");
        assertThat(nextEventName(b)).isEqualTo("fromPeer:hi");
        assertThat(nextEventName(c)).isEqualTo("fromPeer:hi");
        assertSilent(a);
    }

    @Test
    void broadcastAcksAreAggregatedWithTimeout() throws Exception {
        threeClients();
        CompletableFuture<List<JsonNode>> all = io.timeout(Duration.ofSeconds(5)).emitWithAck("poll", "q");
        for (int i = 0; i < 3; i++) {
            RawWebSocket t = clients.get(i);
            SocketPacket p = t.nextEvent();
            t.sendPacket("3" + p.id() + "[" + i + "]");
        }
        assertThat(all.get(5, TimeUnit.SECONDS)).extracting(JsonNode::asInt).containsExactlyInAnyOrder(0, 1, 2);

        AtomicReference<Throwable> err = new AtomicReference<>();
        AtomicReference<List<JsonNode>> partial = new AtomicReference<>();
        io.to("r1").timeout(Duration.ofMillis(300)).emit("poll2",
                (BroadcastAckCallback) (e, responses) -> { partial.set(responses); err.set(e); });
        SocketPacket p = clients.get(0).nextEvent();
        clients.get(0).sendPacket("3" + p.id() + "[\"only a\"]");
        clients.get(1).nextEvent();   // b never answers
        await().until(() -> err.get() != null);
        assertThat(err.get()).isInstanceOf(AckException.class);
        assertThat(partial.get()).extracting(JsonNode::asText).containsExactly("only a");

        assertThat(io.to("nobody").timeout(Duration.ofSeconds(1)).emitWithAck("x").get(2, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> io.emitWithAck("x")).isInstanceOf(IllegalStateException.class);
    }

    record Vote(String choice) {
    }

    @Test
    void typedBroadcastAcksMapEachResponseOrFailWithATypedError() throws Exception {
        threeClients();
        CompletableFuture<List<Vote>> votes = io.timeout(Duration.ofSeconds(5)).emitWithAck(Vote.class, "poll");
        answerEach("[{\"choice\":\"a\"}]", "[]", "[{\"choice\":\"c\"}]");
        assertThat(votes.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(new Vote("a"), null, new Vote("c"));

        CompletableFuture<List<Vote>> bad = io.of("/").timeout(Duration.ofSeconds(5)).emitWithAck(Vote.class, "poll");
        answerEach("[{\"choice\":\"a\"}]", "[\"not a vote\"]", "[{\"choice\":\"c\"}]");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(dev.sio4j.protocol.PayloadMappingException.class);

        CompletableFuture<List<Vote>> late = io.to("r1").timeout(Duration.ofMillis(300)).emitWithAck(Vote.class, "poll");
        SocketPacket p = clients.get(0).nextEvent();
        clients.get(0).send("3" + p.id() + "[{\"choice\":\"a\"}]");
        clients.get(1).nextEvent();   // b never answers
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AckException.class);
        assertThatThrownBy(() -> io.emitWithAck(Vote.class, "poll")).isInstanceOf(IllegalStateException.class);
        assertThat(byName.values()).allMatch(Socket::connected);   // a bad answer closes nobody
    }

    /** Each of the three clients answers its next event with the ack arguments given for it. */
    private void answerEach(String... ackArgs) throws Exception {
        for (int i = 0; i < ackArgs.length; i++) {
            RawWebSocket t = clients.get(i);
            SocketPacket p = t.nextEvent();
            t.sendPacket("3" + p.id() + ackArgs[i]);
        }
    }

    @Test
    void fetchSocketsJoinLeaveAndDisconnect() throws Exception {
        threeClients();
        List<RemoteSocket> inR1 = io.in("r1").fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(inR1).extracting(RemoteSocket::id)
                .containsExactlyInAnyOrder(byName.get("a").id(), byName.get("b").id());
        RemoteSocket ra = inR1.stream().filter(r -> r.id().equals(byName.get("a").id())).findFirst().orElseThrow();
        assertThat(ra.rooms()).contains("r1");
        assertThat(ra.handshake().auth().get("name").asText()).isEqualTo("a");
        ra.emit("direct", 1);
        assertThat(nextEventName(clients.get(0))).isEqualTo("direct:1");

        io.in("r2").socketsJoin("r3");
        assertThat(byName.get("c").rooms()).contains("r3");
        assertThat(byName.get("a").rooms()).doesNotContain("r3");
        io.in("r3").socketsLeave("r2");
        assertThat(byName.get("c").rooms()).doesNotContain("r2");

        io.in("r1").disconnectSockets(false);
        SocketPacket d = clients.get(0).nextPacket();
        assertThat(d.type().name()).isEqualTo("DISCONNECT");
        await().until(() -> io.of("/").sockets().size() == 1);
        assertThat(clients.get(2).closed()).isNotDone();
        assertThat(io.of("/").adapter().rooms()).doesNotContainKey("r1");
    }
}
