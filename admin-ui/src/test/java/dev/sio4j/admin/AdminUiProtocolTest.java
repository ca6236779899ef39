// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.admin.AdminClient.Event;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin UI's protocol against a real server on port 0, with clients that behave as the UI's. */
class AdminUiProtocolTest {

    static final String HASH_OF_CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

    private SocketIoServer io;
    private AdminUi adminUi;
    private InetSocketAddress address;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<AdminActionException> actionErrors = new CopyOnWriteArrayList<>();

    private void start(Consumer<AdminUiOptions.Builder> options) {
        io = SocketIoServer.builder().build();
        io.on("connection", s -> s.on("hello", (JsonNode arg) -> s.emit("hi", arg)));
        AdminUiOptions.Builder b = AdminUiOptions.builder().auth(AdminAuth.none()).onActionError(actionErrors::add);
        options.accept(b);
        adminUi = AdminUi.instrument(io, b.build());
        try {
            address = io.listen("127.0.0.1", 0);
        } catch (java.net.BindException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AdminClient admin(Map<String, Object> auth) {
        AdminClient c = AdminClient.connect(address, "/admin", auth);
        closeables.add(c);
        return c;
    }

    private Socket user(String nsp) {
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + address.getPort() + nsp),
                ClientOptions.builder().reconnection(false).forceNew(true).build());
        closeables.add(() -> s.io().shutdown().orTimeout(10, TimeUnit.SECONDS).join());
        s.connect();
        await().atMost(Duration.ofSeconds(10)).until(s::connected);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (adminUi != null) {
            adminUi.close();
        }
        if (io != null) {
            io.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void aConnectingUiGetsConfigStatsAndEverySocket() {
        start(b -> b.serverId("node-1"));
        Socket user = user("/");
        String userId = user.id();
        AdminClient admin = admin(Map.of());
        admin.await("connect");
        Event config = admin.await("config");
        assertThat(config.arg(0).path("supportedFeatures")).extracting(JsonNode::asText).containsExactly(
                "EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");
        Event stats = admin.await("server_stats");
        JsonNode s = stats.arg(0);
        assertThat(s.path("serverId").asText()).isEqualTo("node-1");
        assertThat(s.path("hostname").asText()).isNotEmpty();
        assertThat(s.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(s.path("uptime").isNumber()).isTrue();
        assertThat(s.path("clientsCount").asInt()).isEqualTo(2);
        assertThat(s.path("pollingClientsCount").isNumber()).isTrue();
        assertThat(s.path("aggregatedEvents").isArray()).isTrue();
        assertThat(s.path("namespaces").findValuesAsText("name")).contains("/", "/admin");
        Event all = admin.await("all_sockets");
        JsonNode mine = null;
        for (JsonNode socket : all.arg(0)) {
            if (socket.path("id").asText().equals(userId)) {
                mine = socket;
            }
        }
        assertThat(mine).as("the user's socket in %s", all.arg(0)).isNotNull();
        assertThat(mine.path("nsp").asText()).isEqualTo("/");
        assertThat(mine.path("clientId").asText()).hasSize(12);
        assertThat(mine.path("transport").asText()).isIn("polling", "websocket");
        assertThat(mine.path("rooms")).extracting(JsonNode::asText).containsExactly(userId);
        assertThat(mine.path("handshake").path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(mine.path("handshake").has("auth")).as("auth is never shown").isFalse();
        assertThat(mine.path("data").isObject()).isTrue();
        // The statistics keep coming, as the UI's server list expects (every 2 s by default).
        admin.await("server_stats");
    }

    @Test
    void liveUpdatesFollowConnectEventsRoomsAndDisconnect() {
        start(b -> { });
        AdminClient admin = admin(Map.of());
        admin.await("all_sockets");
        Socket user = user("/");
        String id = user.id();
        Event connected = admin.await("socket_connected", e -> e.arg(0).path("id").asText().equals(id));
        assertThat(connected.arg(0).path("nsp").asText()).isEqualTo("/");
        assertThat(connected.arg(1).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        user.emit("hello", "there");
        Event received = admin.await("event_received", e -> e.arg(1).asText().equals(id));
        assertThat(received.arg(0).asText()).isEqualTo("/");
        assertThat(received.arg(2)).extracting(JsonNode::asText).containsExactly("hello", "there");
        Event sent = admin.await("event_sent", e -> e.arg(1).asText().equals(id));
        assertThat(sent.arg(2)).extracting(JsonNode::asText).containsExactly("hi", "there");

        admin.emit("join", "/", "lobby", id);
        Event joined = admin.await("room_joined", e -> e.arg(1).asText().equals("lobby"));
        assertThat(joined.arg(0).asText()).isEqualTo("/");
        assertThat(joined.arg(2).asText()).isEqualTo(id);
        admin.emit("leave", "/", "lobby", id);
        admin.await("room_left", e -> e.arg(1).asText().equals("lobby") && e.arg(2).asText().equals(id));

        user.disconnect();
        // Here the rooms are left before "disconnect" listeners run (Node sends room_left after); the UI takes either order.
        admin.await("room_left", e -> e.arg(1).asText().equals(id));
        Event gone = admin.await("socket_disconnected", e -> e.arg(1).asText().equals(id));
        assertThat(gone.arg(0).asText()).isEqualTo("/");
        assertThat(gone.arg(2).asText()).isEqualTo("client namespace disconnect");
        // rawConnection / rawDisconnection are counted for the UI's charts.
        admin.await("server_stats", e -> e.arg(0).path("aggregatedEvents").findValuesAsText("type").contains("rawDisconnection"));
    }

    /**
     * The UI's bytes chart: each server_stats carries the engine bytes received and sent since
     * the previous one as {@code bytesIn}/{@code bytesOut} events whose count is the bytes.
     */
    @Test
    void serverStatsCarryTheEngineBytesInAndOutForTheBytesChart() {
        start(b -> b.statsInterval(java.time.Duration.ofMillis(200)));
        AdminClient admin = admin(Map.of());
        admin.await("config", e -> true);
        Socket user = user("/");
        String payload = "x".repeat(5000);
        user.emit("hello", payload);
        long[] in = {0};
        long[] out = {0};
        admin.await("server_stats", e -> {
            for (JsonNode ev : e.arg(0).path("aggregatedEvents")) {
                assertThat(ev.path("timestamp").asLong()).isPositive();
                if (ev.path("type").asText().equals("bytesIn")) {
                    in[0] += ev.path("count").asLong();
                } else if (ev.path("type").asText().equals("bytesOut")) {
                    out[0] += ev.path("count").asLong();
                }
            }
            return in[0] >= payload.length() && out[0] >= payload.length(); // the hello and its "hi" answer
        });
    }

    @Test
    void actionsJoinLeaveEmitAndDisconnectTheSelectedSockets() {
        start(b -> { });
        io.of("/games");
        Socket a = user("/games");
        Socket b = user("/games");
        List<String> got = new CopyOnWriteArrayList<>();
        a.on("news", JsonNode.class, n -> got.add("a:" + n.asText()));
        b.on("news", JsonNode.class, n -> got.add("b:" + n.asText()));
        AdminClient admin = admin(Map.of());
        admin.await("all_sockets");

        admin.emit("join", "/games", "red", a.id());
        await().until(() -> io.of("/games").sockets().get(a.id()).rooms().contains("red"));
        admin.emit("emit", "/games", "red", "news", "to red");
        admin.emit("emit", "/games", null, "news", "to all");
        await().until(() -> got.size() == 3);
        assertThat(got).containsExactlyInAnyOrder("a:to red", "a:to all", "b:to all");

        admin.emit("join", "/games", "everyone");                   // no filter: every socket (MJOIN)
        await().until(() -> io.of("/games").adapter().sockets(java.util.Set.of("everyone")).size() == 2);
        admin.emit("leave", "/games", "everyone", b.id());
        await().until(() -> io.of("/games").adapter().sockets(java.util.Set.of("everyone")).size() == 1);

        admin.emit("_disconnect", "/games", false, b.id());
        await().until(() -> !b.connected());
        assertThat(a.connected()).isTrue();
        assertThat(actionErrors).isEmpty();
    }

    @Test
    void malformedActionsGetATypedErrorThatOnlyTheirSessionSees() {
        start(b -> { });
        Socket user = user("/");
        AdminClient bad = admin(Map.of());
        AdminClient other = admin(Map.of());
        bad.await("all_sockets");
        other.await("all_sockets");

        bad.emit("join", 42, "room", user.id());
        assertThat(bad.await("action_error").arg(0).path("reason").asText()).isEqualTo("INVALID_ARGUMENT");
        bad.emit("join", "/nowhere", "room");
        assertThat(bad.await("action_error").arg(0).path("reason").asText()).isEqualTo("UNKNOWN_NAMESPACE");
        bad.emit("emit", "/", null, "disconnect");
        assertThat(bad.await("action_error").arg(0).path("reason").asText()).isEqualTo("RESERVED_EVENT");
        bad.emit("_disconnect", "/", "yes please");
        Event err = bad.await("action_error");
        assertThat(err.arg(0).path("action").asText()).isEqualTo("_disconnect");
        assertThat(err.arg(0).path("reason").asText()).isEqualTo("INVALID_ARGUMENT");
        bad.emit("leave");
        bad.await("action_error");
        bad.emit("emit", "/", Map.of("not", "a filter"), "x");
        bad.await("action_error");
        assertThat(io.namespaces()).extracting(n -> n.name()).doesNotContain("/nowhere");
        assertThat(actionErrors).extracting(AdminActionException::reason).containsExactly(
                AdminActionException.Reason.INVALID_ARGUMENT, AdminActionException.Reason.UNKNOWN_NAMESPACE,
                AdminActionException.Reason.RESERVED_EVENT, AdminActionException.Reason.INVALID_ARGUMENT,
                AdminActionException.Reason.INVALID_ARGUMENT, AdminActionException.Reason.INVALID_ARGUMENT);

        // The same session still works, the user was never touched, the other session saw no error.
        bad.emit("join", "/", "after", user.id());
        bad.await("room_joined", e -> e.arg(1).asText().equals("after"));
        other.await("room_joined", e -> e.arg(1).asText().equals("after"));
        assertThat(other.names()).doesNotContain("action_error", "disconnect");
        assertThat(bad.socket.connected()).isTrue();
        assertThat(user.connected()).isTrue();
    }

    @Test
    void basicAuthRefusesWrongCredentialsAndHandsOutASession() {
        start(b -> b.auth(AdminAuth.basic("admin", HASH_OF_CHANGEIT)));
        AdminClient wrong = admin(Map.of("username", "admin", "password", "nope"));
        assertThat(wrong.await("connect_error").arg(0).path("message").asText()).isEqualTo("invalid credentials");
        AdminClient nobody = admin(Map.of());
        assertThat(nobody.await("connect_error").arg(0).path("message").asText()).isEqualTo("invalid credentials");
        AdminClient stranger = admin(Map.of("username", "root", "password", "changeit"));
        stranger.await("connect_error");
        AdminClient forged = admin(Map.of("sessionId", "0123456789abcdef"));
        forged.await("connect_error");
        AdminClient typed = admin(Map.of("username", Map.of("admin", true), "password", 42, "sessionId", List.of()));
        assertThat(typed.await("connect_error").arg(0).path("message").asText()).isEqualTo("invalid credentials");
        AdminClient huge = admin(Map.of("username", "admin", "password", "x".repeat(100_000)));
        assertThat(huge.await("connect_error").arg(0).path("message").asText()).isEqualTo("invalid credentials");

        AdminClient ok = admin(Map.of("username", "admin", "password", "changeit"));
        String session = ok.await("session").arg(0).asText();
        assertThat(session).matches("[0-9a-f]{32}");
        ok.await("config");
        AdminClient again = admin(Map.of("sessionId", session));
        again.await("config");
        assertThat(again.names()).doesNotContain("session", "connect_error");
        // the main namespace is not affected by the admin namespace's authentication
        assertThat(user("/").connected()).isTrue();
    }

    @Test
    void readonlyModeOffersNoActionsAndRefusesThem() {
        start(b -> b.readonly(true));
        Socket user = user("/");
        AdminClient admin = admin(Map.of());
        assertThat(admin.await("config").arg(0).path("supportedFeatures")).extracting(JsonNode::asText)
                .containsExactly("AGGREGATED_EVENTS", "ALL_EVENTS");
        admin.emit("_disconnect", "/", true);
        assertThat(admin.await("action_error").arg(0).path("reason").asText()).isEqualTo("READONLY");
        assertThat(user.connected()).isTrue();
    }

    @Test
    void productionModeSendsStatisticsOnly() {
        start(b -> b.mode(AdminUiOptions.Mode.PRODUCTION).namespaceName("custom-admin"));
        user("/");
        AdminClient admin = AdminClient.connect(address, "/custom-admin", Map.of());
        closeables.add(admin);
        assertThat(admin.await("config").arg(0).path("supportedFeatures")).extracting(JsonNode::asText)
                .doesNotContain("ALL_EVENTS").contains("AGGREGATED_EVENTS");
        admin.await("server_stats");
        user("/");
        admin.await("server_stats", e -> e.arg(0).path("aggregatedEvents").findValuesAsText("type").contains("rawConnection"));
        assertThat(admin.names()).doesNotContain("all_sockets", "socket_connected", "room_joined");
    }

    @Test
    void closeStopsTheUpdatesAndDisconnectsTheAdmins() {
        start(b -> { });
        AdminClient admin = admin(Map.of());
        admin.await("all_sockets");
        adminUi.close();
        admin.await("disconnect");
        adminUi.close();
    }
}
