// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.adapter.RoomListener;
import dev.sio4j.engine.Transport;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hooks tools such as the admin UI use: namespaces, new namespaces, socket.conn(), room events. */
class ObservabilityHooksTest extends ServerTestBase {

    @Test
    void namespacesAreListedAndNewOnesAnnounced() {
        start(b -> { });
        List<String> announced = new CopyOnWriteArrayList<>();
        io.of("/before");
        io.onNewNamespace(n -> announced.add(n.name()));
        io.onNewNamespace(n -> { throw new IllegalStateException("a failing listener does not stop the others"); });
        io.of("/after");
        io.of("/after");
        io.of(Pattern.compile("^/dyn-\\d+$")).on("connection", s -> { });
        assertThat(io.namespaces()).extracting(Namespace::name).containsExactlyInAnyOrder("/", "/before", "/after");
        listen();
        RawWebSocket c = client();
        c.connectNs("/dyn-1", null);
        client().connectNs("/dyn-1", null);        // an existing child: not announced again
        assertThat(announced).containsExactly("/after", "/dyn-1");
        assertThat(io.namespaces()).extracting(Namespace::name).contains("/dyn-1");
    }

    @Test
    void connIsSharedByTheSocketsOfOneClientAndReportsItsClose() {
        start(b -> { });
        Map<String, Socket> byNsp = new ConcurrentHashMap<>();
        List<DisconnectReason> closes = new CopyOnWriteArrayList<>();
        io.on("connection", s -> {
            byNsp.put("/", s);
            s.conn().onClose(closes::add);
        });
        io.of("/other").on("connection", s -> byNsp.putIfAbsent("/other", s));
        listen();
        RawWebSocket a = client();
        a.connectNs("/", null);
        a.connectNs("/other", null);
        await().until(() -> byNsp.size() == 2);
        Connection conn = byNsp.get("/").conn();
        assertThat(byNsp.get("/other").conn().id()).isEqualTo(conn.id());
        assertThat(conn.id()).hasSizeGreaterThanOrEqualTo(20)
                .isNotEqualTo(a.openPacket().get("sid").asText());
        assertThat(conn.transport()).isEqualTo(Transport.WEBSOCKET);

        RawWebSocket b = client();
        b.connectNs("/other", null);
        await().until(() -> io.of("/other").sockets().size() == 2);
        assertThat(io.of("/other").sockets().values()).extracting(s -> s.conn().id()).doesNotHaveDuplicates();

        a.abort();
        await().until(() -> closes.size() == 1);
        assertThat(closes).containsExactly(DisconnectReason.TRANSPORT_CLOSE);
    }

    @Test
    void theDefaultAdapterReportsRoomsOfConnectingJoiningAndLeavingSockets() {
        start(b -> { });
        List<String> events = new CopyOnWriteArrayList<>();
        assertThat(io.of("/").adapter().addRoomListener(new RoomListener() {
            @Override public void onJoin(String room, String id) { events.add("+" + (room.equals(id) ? "self" : room)); }
            @Override public void onLeave(String room, String id) { events.add("-" + (room.equals(id) ? "self" : room)); }
        })).isTrue();
        io.on("connection", s -> s.on("join", (com.fasterxml.jackson.databind.JsonNode r) -> s.join(r.asText())));
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"join\",\"lobby\"]");
        await().until(() -> events.size() == 2);
        io.socketsLeave("lobby");
        await().until(() -> events.size() == 3);
        c.abort();
        await().until(() -> events.size() == 4);
        assertThat(events).containsExactly("+self", "+lobby", "-lobby", "-self");
    }
}
