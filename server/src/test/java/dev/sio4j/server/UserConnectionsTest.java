// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Connections per user (issue 9, item 3): once a middleware (or the handshake's allowRequest)
 * names the client, its Engine.IO connections on the server are counted and capped; several
 * namespaces of one connection count once; the count follows disconnects back to nothing.
 */
class UserConnectionsTest extends ServerTestBase {

    private void startServer(int maxPerUser) {
        start(b -> b.socketLimits(SocketLimits.builder().maxConnectionsPerUser(maxPerUser).build())
                .allowRequest(req -> CompletableFuture.completedFuture(req.queryParam("key") == null
                        ? AllowRequest.Decision.allow() : AllowRequest.Decision.allowAs("key:" + req.queryParam("key")))));
        Middleware byAuth = (socket, next) -> {
            String user = socket.handshake().auth().path("user").asText(null);
            if (user != null) {
                socket.setIdentity(user);
            }
            next.proceed();
        };
        io.use(byAuth);
        io.of("/other").use(byAuth);
        listen();
    }

    private SocketPacket join(RawWebSocket c, String ns, String user) {
        return c.connectNs(ns, user == null ? null : "{\"user\":\"" + user + "\"}");
    }

    @Test
    void theConnectionsOfOneUserAreCapped() throws Exception {
        startServer(2);
        RawWebSocket a1 = client();
        RawWebSocket a2 = client();
        RawWebSocket a3 = client();
        assertThat(join(a1, "/", "alice").type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(join(a1, "/other", "alice").type()).as("the same connection counts once").isEqualTo(SocketPacketType.CONNECT);
        assertThat(join(a2, "/", "alice").type()).isEqualTo(SocketPacketType.CONNECT);
        SocketPacket refused = join(a3, "/", "alice");
        assertThat(refused.type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(refused.data().path("message").asText()).isEqualTo("Too many connections");
        assertThat(a3.closed()).as("the engine connection stays").isNotDone();
        assertThat(join(client(), "/", "bob").type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(join(client(), "/", null).type()).as("no identity, no count").isEqualTo(SocketPacketType.CONNECT);
        assertThat(io.refusals().count(RefusalCause.LIMIT)).isEqualTo(1);

        a1.sendPacket("1");                   // alice leaves "/" but keeps "/other" on the same connection
        assertThat(join(a3, "/", "alice").type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        a1.sendPacket("1/other,");            // now a1 holds nothing for alice
        await().atMost(Duration.ofSeconds(5)).until(() -> join(a3, "/", "alice").type() == SocketPacketType.CONNECT);
    }

    @Test
    void theHandshakeCanNameTheClientAndTheCountReturnsToNothing() throws Exception {
        startServer(1);
        RawWebSocket k1 = client("&key=k");
        RawWebSocket k2 = client("&key=k");
        assertThat(join(k1, "/", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(io.of("/").sockets().values().iterator().next().identity()).isEqualTo("key:k");
        assertThat(join(k2, "/", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        k1.close();
        k2.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> io.core().trackedIdentities() == 0);
    }

    @Test
    void theIdentityIsSetBeforeTheSocketConnects() {
        startServer(2);
        CompletableFuture<Throwable> late = new CompletableFuture<>();
        io.on("connection", s -> {
            try {
                s.setIdentity("too late");
            } catch (IllegalStateException e) {
                late.complete(e);
            }
        });
        join(client(), "/", "alice");
        assertThat(late.join()).isInstanceOf(IllegalStateException.class);
        Socket any = io.of("/").sockets().values().iterator().next();
        assertThatThrownBy(() -> any.setIdentity("")).isInstanceOf(IllegalArgumentException.class);
    }
}
