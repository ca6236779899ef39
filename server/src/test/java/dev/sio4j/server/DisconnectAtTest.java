// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code Socket.disconnectAt}: the socket is disconnected at its deadline with "server namespace
 * disconnect" (row 52's mechanism), a deadline set by a middleware starts when the socket
 * connects, a later call moves it, and the timers never outlive their sockets.
 */
class DisconnectAtTest extends ServerTestBase {

    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private void startServer(Middleware middleware) {
        start(b -> { });
        if (middleware != null) {
            io.use(middleware);
        }
        io.on("connection", s -> {
            sockets.add(s);
            s.on("disconnect", (JsonNode r) -> reasons.put(s.id(), r.asText()));
        });
        listen();
    }

    private static Middleware deadlineFromAuth() {
        return (socket, next) -> {
            long inMs = socket.handshake().auth().path("disconnectInMs").asLong(-1);
            if (inMs >= 0) {
                socket.disconnectAt(Instant.now().plusMillis(inMs));
            }
            next.proceed();
        };
    }

    @Test
    void row52_aDeadlineSetByAMiddlewareDisconnectsTheSocketWhenItComes() {
        startServer(deadlineFromAuth());
        RawWebSocket c = client();
        RawWebSocket healthy = client();
        SocketPacket connect = c.connectNs("/", "{\"disconnectInMs\":300}");
        assertThat(connect.type()).isEqualTo(SocketPacketType.CONNECT);
        healthy.connectNs("/", null);
        String id = connect.data().get("sid").asText();

        assertThat(c.nextPacket().type()).as("the server's DISCONNECT").isEqualTo(SocketPacketType.DISCONNECT);
        await().until(() -> reasons.containsKey(id));
        assertThat(reasons.get(id)).isEqualTo("server namespace disconnect");
        assertThat(c.closed()).as("only the namespace is left; the connection stays").isNotDone();
        assertThat(io.of("/").sockets()).hasSize(1);
        io.emit("still", "here");
        assertThat(healthy.nextEvent().data().get(0).asText()).isEqualTo("still");
    }

    @Test
    void aDeadlineAlreadyPastDisconnectsAsSoonAsTheSocketHasConnected() {
        startServer((socket, next) -> {
            socket.disconnectAt(Instant.now().minusSeconds(60));
            next.proceed();
        });
        RawWebSocket c = client();
        assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.DISCONNECT);
        await().until(() -> reasons.size() == 1);
    }

    @Test
    void aLaterCallMovesTheDeadlineBothWays() throws Exception {
        startServer(deadlineFromAuth());
        RawWebSocket c = client();
        c.connectNs("/", "{\"disconnectInMs\":600000}");
        await().until(() -> sockets.size() == 1);
        Socket s = sockets.get(0);
        s.disconnectAt(Instant.now().plusMillis(200));       // sooner: a revoked session
        assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.DISCONNECT);

        c.connectNs("/", "{\"disconnectInMs\":200}");
        await().until(() -> sockets.size() == 2);
        sockets.get(1).disconnectAt(Instant.now().plus(Duration.ofHours(1)));   // later: a refreshed token
        assertThat(c.pollPacket(Duration.ofMillis(800))).as("no disconnect at the old deadline").isNull();
        assertThat(sockets.get(1).connected()).isTrue();
    }

    @Test
    void timersNeverOutliveTheirSockets() {
        startServer(deadlineFromAuth());
        int baseline = io.core().pendingTimers();
        List<RawWebSocket> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RawWebSocket c = client();
            c.connectNs("/", "{\"disconnectInMs\":3600000}");
            clients.add(c);
        }
        await().until(() -> sockets.size() == 50);
        for (int i = 0; i < 20; i++) {
            sockets.get(0).disconnectAt(Instant.now().plus(Duration.ofMinutes(30 + i)));   // replaced, not added
        }
        assertThat(io.core().pendingTimers()).isEqualTo(baseline + 50);

        for (int i = 0; i < 25; i++) {
            clients.get(i).abort();                              // transport close
        }
        for (Socket s : sockets.subList(25, 50)) {
            s.disconnect(false);                                 // server namespace disconnect
        }
        await().until(() -> reasons.size() == 50);
        await().until(() -> io.core().pendingTimers() == baseline);
        sockets.get(0).disconnectAt(Instant.now().plusSeconds(60));
        assertThat(io.core().pendingTimers()).as("a closed socket starts no timer").isEqualTo(baseline);
    }

    @Test
    void aFarDeadlineIsAccepted() {
        startServer(null);
        RawWebSocket c = connected();
        await().until(() -> sockets.size() == 1);
        sockets.get(0).disconnectAt(Instant.MAX);
        assertThatThrownBy(() -> sockets.get(0).disconnectAt(null)).isInstanceOf(NullPointerException.class);
        io.emit("ping", 1);
        assertThat(c.nextEvent().data().get(0).asText()).isEqualTo("ping");
    }
}
