// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official client's reconnection against sio4j: after the server goes away (closed, then
 * started again on the same port) the client reconnects by itself; after a server-side
 * {@code disconnect(true)} it does not (socket.io's "io server disconnect" rule) until told to.
 */
class OfficialClientReconnectTest {

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void reconnectsAfterTheServerDropsIt(TransportMode mode) {
        InteropServer first = InteropServer.start();
        int port = first.address().getPort();
        InteropServer second = null;
        try (OfficialClient client = OfficialClient.start(first.address(), mode)) {
            String before = InteropServer.id(client.awaitConnect("/"));
            if (mode == TransportMode.POLLING_WITH_UPGRADE) {
                // engine.io-client pauses polling once the probe is answered; if the server dies
                // before the upgrade completes, the client (against any server, Node's included)
                // notices only at its own ping timeout (45 s here). This test is about the drop,
                // not that window, so it drops the server once the client has upgraded.
                client.awaitType("upgrade");
            }
            first.close();
            assertThat(client.awaitDisconnect("/").path("reason").asText())
                    .isIn("transport close", "transport error");
            client.awaitType("reconnect_attempt");
            second = InteropServer.start(port, b -> { });
            client.awaitType("reconnect");
            String after = InteropServer.id(client.awaitConnect("/", 2));
            assertThat(after).isNotEqualTo(before);
            String id = client.emitWithAck("/", "echo", Duration.ofSeconds(5), "back");
            assertThat(client.awaitAck(id).path("args").toString()).isEqualTo("[\"back\"]");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverSideDisconnectIsFinalUntilTheClientConnectsAgain(TransportMode mode) {
        try (InteropServer server = InteropServer.start();
             OfficialClient client = OfficialClient.start(server.address(), mode)) {
            String id = InteropServer.id(client.awaitConnect("/"));
            server.socket("/", id).disconnect(true);
            assertThat(client.awaitDisconnect("/").path("reason").asText()).isEqualTo("io server disconnect");
            client.connect("/", null);
            String again = InteropServer.id(client.awaitConnect("/", 2));
            assertThat(again).isNotEqualTo(id);
            assertThat(client.process().jsonLines()).noneMatch(j -> j.path("type").asText().equals("reconnect_attempt"));
        }
    }
}
