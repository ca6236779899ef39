// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import dev.sio4j.protocol.AckException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.SocketIoServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rooms and every broadcast variant, observed by three official clients in each transport mode.
 * A is in r1, B in r1 and r2, C in r2. What a client must not receive is checked after a final
 * "end" broadcast: a socket's packets arrive in order, so anything absent before "end" never came.
 */
class OfficialClientBroadcastTest {

    @RegisterExtension
    static final SharedInteropServer shared = new SharedInteropServer();

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void roomsAndBroadcastVariants(TransportMode mode) throws Exception {
        java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> silentOn =
                o -> o.putArray("noAck").add("neverAnswered");
        try (OfficialClient a = OfficialClient.start(shared.server().address(), mode, silentOn);
             OfficialClient b = OfficialClient.start(shared.server().address(), mode, silentOn);
             OfficialClient c = OfficialClient.start(shared.server().address(), mode, silentOn)) {
            String idA = InteropServer.id(a.awaitConnect("/"));
            String idB = InteropServer.id(b.awaitConnect("/"));
            String idC = InteropServer.id(c.awaitConnect("/"));
            join(a, "r1");
            join(b, "r1");
            join(b, "r2");
            join(c, "r2");
            b.connect("/chat", null);
            b.awaitConnect("/chat");

            SocketIoServer io = shared.server().io();
            io.to("r1").emit("toR1", 1);
            io.to("r1").to("r2").emit("toR1orR2", 2);
            io.except("r1").emit("exceptR1", 3);
            io.to("r2").except("r1").emit("toR2exceptR1", 4);
            io.emit("all", 5);
            io.local().emit("local", 6);
            io.volatile_().emit("volatile", 7);
            io.compress(false).emit("uncompressed", 8);
            io.of("/chat").emit("chatOnly", 9);
            a.emit("/", "broadcast", "from A");
            a.emit("/", "toRoom", "r1", "A to r1");
            // The two client-triggered broadcasts must have run before "end": A's echo ack proves it.
            String fence = a.emitWithAck("/", "echo", Duration.ofSeconds(5), "fence");
            a.awaitAck(fence);
            io.emit("end");

            for (OfficialClient client : List.of(a, b, c)) {
                client.awaitEvent("/", "end");
            }
            assertReceived(a, "toR1", "toR1orR2", "all", "local", "uncompressed");
            assertReceived(b, "toR1", "toR1orR2", "all", "local", "uncompressed", "broadcast", "room-message");
            assertReceived(c, "toR1orR2", "exceptR1", "toR2exceptR1", "all", "local", "uncompressed", "broadcast");
            for (OfficialClient client : List.of(a, b, c)) {
                // A volatile packet is dropped when the transport cannot take it right now, as in
                // socket.io: a polling transport only can while a poll is pending. An idle
                // WebSocket always can.
                long volatiles = client.eventCount("/", "volatile");
                if (mode == TransportMode.WEBSOCKET) {
                    assertThat(volatiles).as("volatile over WebSocket").isEqualTo(1);
                } else {
                    assertThat(volatiles).as("volatile over %s", mode).isBetween(0L, 1L);
                }
            }
            assertThat(b.awaitEvent("/chat", "chatOnly").get(0).asInt()).isEqualTo(9);
            assertThat(b.eventCount("/", "chatOnly")).isZero();
            assertThat(b.awaitEvent("/", "room-message").get(0).asText()).isEqualTo("A to r1");

            // A broadcast with acks gathers one answer per selected client; without answers it
            // fails with AckException after the timeout.
            List<JsonNode> answers = io.to("r1").timeout(Duration.ofSeconds(5)).emitWithAck("vote", "v")
                    .get(10, TimeUnit.SECONDS);
            assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(answer.toString()).contains("v"));
            var unanswered = io.to("r2").timeout(Duration.ofMillis(300)).emitWithAck("neverAnswered");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> unanswered.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(dev.sio4j.protocol.AckException.class);

            // socketsJoin / fetchSockets / disconnectSockets act on the selected sockets only.
            io.in("r1").socketsJoin("r3");
            List<RemoteSocket> inR3 = io.in("r3").fetchSockets().get(10, TimeUnit.SECONDS);
            assertThat(inR3).extracting(RemoteSocket::id).containsExactlyInAnyOrder(idA, idB);
            io.to("r3").emit("toR3");
            io.in("r2").socketsLeave("r2");
            io.to("r2").emit("toR2afterLeave");
            io.emit("end2");
            for (OfficialClient client : List.of(a, b, c)) {
                client.awaitEvent("/", "end2");
            }
            assertThat(List.of(a.eventCount("/", "toR3"), b.eventCount("/", "toR3"), c.eventCount("/", "toR3")))
                    .containsExactly(1L, 1L, 0L);
            assertThat(b.eventCount("/", "toR2afterLeave") + c.eventCount("/", "toR2afterLeave")).isZero();

            io.in("r3").disconnectSockets(false);
            assertThat(a.awaitDisconnect("/").path("reason").asText()).isEqualTo("io server disconnect");
            assertThat(b.awaitDisconnect("/").path("reason").asText()).isEqualTo("io server disconnect");
            // B's other namespace is untouched by a disconnect of its "/" socket.
            String stillThere = b.emitWithAck("/chat", "echo", Duration.ofSeconds(5), "chat alive");
            assertThat(b.awaitAck(stillThere).path("args").toString()).isEqualTo("[\"chat alive\"]");
            String cAlive = c.emitWithAck("/", "echo", Duration.ofSeconds(5), "c alive");
            assertThat(c.awaitAck(cAlive).path("error").isNull()).isTrue();
            assertThat(idC).isNotBlank();
        }
    }

    private static void join(OfficialClient client, String room) {
        String id = client.emitWithAck("/", "join", Duration.ofSeconds(5), room);
        JsonNode ack = client.awaitAck(id);
        assertThat(ack.path("error").isNull()).as("join %s: %s", room, ack).isTrue();
    }

    /** Exactly these broadcast events (each once) among the test's event names, before "end". */
    private static void assertReceived(OfficialClient client, String... expected) {
        List<String> all = List.of("toR1", "toR1orR2", "exceptR1", "toR2exceptR1", "all", "local",
                "uncompressed", "broadcast", "room-message", "chatOnly");
        for (String event : all) {
            long count = client.eventCount("/", event);
            long wanted = List.of(expected).contains(event) ? 1 : 0;
            assertThat(count).as("client %s, event %s", client.process().pid(), event).isEqualTo(wanted);
        }
    }
}
