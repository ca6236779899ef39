// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DisconnectTest extends ServerTestBase {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Socket> first = new CompletableFuture<>();

    private void startServer() {
        start(b -> { });
        io.on("connection", s -> {
            first.complete(s);
            s.join("room");
            s.on("disconnecting", (JsonNode r) -> log.add("disconnecting:" + r.asText() + ":" + s.rooms().contains("room")));
            s.on("disconnect", (JsonNode r) -> log.add("disconnect:" + r.asText() + ":" + s.rooms().isEmpty()));
        });
        listen();
    }

    @Test
    void clientNamespaceDisconnectKeepsRoomsDuringDisconnecting() {
        startServer();
        RawWebSocket c = connected();
        c.sendPacket("1");
        await().until(() -> log.size() == 2);
        assertThat(log).containsExactly("disconnecting:client namespace disconnect:true",
                "disconnect:client namespace disconnect:true");
        assertThat(io.of("/").adapter().rooms()).isEmpty();
        assertThat(c.closed()).isNotDone();
        assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
    }

    @Test
    void onConnectionAndOnDisconnectGiveTheSocketAndTheReasonAsAnEnum() throws Exception {
        start(b -> { });
        List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
        io.onConnection(s -> s.onDisconnect(reasons::add));
        io.of("/chat").onConnection(s -> s.onDisconnect(reasons::add));
        listen();
        RawWebSocket c = connected();
        c.connectNs("/chat", null);
        c.sendPacket("1/chat,");
        await().until(() -> reasons.size() == 1);
        c.abort();
        await().until(() -> reasons.size() == 2);
        assertThat(reasons).containsExactly(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, DisconnectReason.TRANSPORT_CLOSE);
        for (DisconnectReason r : DisconnectReason.values()) {
            assertThat(DisconnectReason.of(r.wireName())).isSameAs(r);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DisconnectReason.of("bogus"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transportCloseAndServerDisconnectReasons() throws Exception {
        startServer();
        RawWebSocket c = connected();
        first.get(5, TimeUnit.SECONDS).disconnect(false);
        assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.DISCONNECT);
        await().until(() -> log.contains("disconnect:server namespace disconnect:true"));
        c.connectNs("/", null);
        c.abort();
        await().until(() -> log.contains("disconnect:transport close:true"));
    }

    @Test
    void disconnectWithCloseClosesTheConnectionAndPendingAcksFail() throws Exception {
        startServer();
        RawWebSocket c = connected();
        Socket s = first.get(5, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> pending = s.emitWithAck("never-answered");
        c.nextEvent();
        s.disconnect(true);
        assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        await().until(pending::isCompletedExceptionally);
        assertThat(s.connected()).isFalse();
        assertThat(s.emit("late")).isFalse();
    }

    @Test
    void serverCloseDisconnectsWithServerShuttingDown() {
        startServer();
        connected();
        io.close();
        await().until(() -> log.contains("disconnect:server shutting down:true"));
        assertThat(Set.copyOf(log)).contains("disconnecting:server shutting down:true");
    }
}
