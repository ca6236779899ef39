// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connection state recovery, and row 55 (forged or expired pid/offset). */
class RecoveryTest extends ServerTestBase {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger middlewareRuns = new AtomicInteger();

    private void startServer(Duration window) {
        start(b -> b.connectionStateRecovery(new ConnectionStateRecovery(window, true)));
        io.use((s, next) -> {
            middlewareRuns.incrementAndGet();
            next.proceed();
        });
        io.on("connection", s -> {
            if (!s.recovered()) {
                s.join("news");
                s.data().put("n", 42);
            }
            sockets.add(s);
        });
        listen();
    }

    @Test
    void aDroppedClientGetsItsStateAndMissedPacketsBack() {
        startServer(Duration.ofMinutes(2));
        RawWebSocket c = client();
        SocketPacket connect = c.connectNs("/", null);
        String sid = connect.data().get("sid").asText();
        String pid = connect.data().get("pid").asText();
        assertThat(pid).isNotBlank().isNotEqualTo(sid);
        await().until(() -> sockets.size() == 1);

        io.to("news").emit("headline", 1);
        SocketPacket first = c.nextEvent();
        assertThat(first.data().size()).isEqualTo(3);   // name, arg, offset
        String offset = first.data().get(2).asText();
        c.abort();
        await().until(() -> io.of("/").sockets().isEmpty());

        io.to("news").emit("headline", 2);
        io.emit("everyone", 3);
        io.to("other-room").emit("not-for-you", 4);

        RawWebSocket back = client();
        SocketPacket again = back.connectNs("/", "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        assertThat(again.data().get("sid").asText()).isEqualTo(sid);
        assertThat(back.nextEvent().data().get(1).asInt()).isEqualTo(2);
        assertThat(back.nextEvent().data().get(0).asText()).isEqualTo("everyone");
        await().until(() -> sockets.size() == 2);
        Socket restored = sockets.get(1);
        assertThat(restored.recovered()).isTrue();
        assertThat(restored.id()).isEqualTo(sid);
        assertThat(restored.rooms()).contains("news");
        assertThat(restored.data()).containsEntry("n", 42);
        assertThat(middlewareRuns.get()).as("skipMiddlewares").isEqualTo(1);

        // the session is handed out once: a replay of the same pid gets a fresh socket
        RawWebSocket thief = client();
        SocketPacket fresh = thief.connectNs("/", "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        assertThat(fresh.data().get("sid").asText()).isNotEqualTo(sid);
    }

    @Test
    void shuttingDownPersistsEverySessionWhileTheConnectionsAreStillOpen() {
        // A cluster adapter writes sessions where another node finds them: a client must not be
        // able to reconnect elsewhere before its session is there (socket.io closes the sockets,
        // then the engine).
        List<Integer> openAtPersist = new CopyOnWriteArrayList<>();
        start(b -> b.connectionStateRecovery(ConnectionStateRecovery.defaults())
                .adapter(nsp -> new dev.sio4j.adapter.InMemoryAdapter(nsp) {
                    @Override
                    public void persistSession(dev.sio4j.adapter.PersistedSession session) {
                        openAtPersist.add(io.clientsCount());
                        super.persistSession(session);
                    }
                }));
        listen();
        connected();
        connected();
        await().until(() -> io.of("/").sockets().size() == 2);

        io.closeAsync().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(openAtPersist).as("connections open when each session was persisted").containsExactly(2, 2);
    }

    @Test
    void row55_forgedPidOrOffsetGivesANewSession() {
        startServer(Duration.ofMinutes(2));
        RawWebSocket c = client();
        SocketPacket connect = c.connectNs("/", null);
        String pid = connect.data().get("pid").asText();
        await().until(() -> sockets.size() == 1);
        io.emit("e", 1);
        String offset = c.nextEvent().data().get(2).asText();
        c.abort();
        await().until(() -> io.of("/").sockets().isEmpty());

        for (String auth : List.of("{\"pid\":\"forged\",\"offset\":\"" + offset + "\"}",
                "{\"pid\":\"" + pid + "\",\"offset\":\"forged\"}", "{\"pid\":1,\"offset\":{}}")) {
            RawWebSocket t = client();
            SocketPacket p = t.connectNs("/", auth);
            assertThat(p.type()).isEqualTo(SocketPacketType.CONNECT);
            assertThat(p.data().get("sid").asText()).isNotEqualTo(connect.data().get("sid").asText());
        }
        await().until(() -> sockets.size() == 4);
        assertThat(sockets.subList(1, 4)).noneMatch(Socket::recovered);
    }

    @Test
    void row55_expiredSessionGivesANewSession() throws Exception {
        startServer(Duration.ofMillis(200));
        RawWebSocket c = client();
        SocketPacket connect = c.connectNs("/", null);
        await().until(() -> sockets.size() == 1);
        io.emit("e", 1);
        String offset = c.nextEvent().data().get(2).asText();
        c.abort();
        await().until(() -> io.of("/").sockets().isEmpty());
        long deadline = System.nanoTime() + Duration.ofMillis(400).toNanos();
        await().until(() -> System.nanoTime() > deadline);
        RawWebSocket late = client();
        SocketPacket p = late.connectNs("/", "{\"pid\":\"" + connect.data().get("pid").asText()
                + "\",\"offset\":\"" + offset + "\"}");
        assertThat(p.data().get("sid").asText()).isNotEqualTo(connect.data().get("sid").asText());
    }

    @Test
    void aMiddlewareThatRunsOnRecoveryChecksTheRecoveredSocketAndMayRefuseIt() {
        start(b -> b.connectionStateRecovery(ConnectionStateRecovery.defaults()));
        io.use((s, next) -> {
            middlewareRuns.incrementAndGet();
            next.proceed();
        });
        List<Boolean> recoveredSeen = new CopyOnWriteArrayList<>();
        io.use(new Middleware() {
            @Override
            public void handle(Socket socket, Next next) {
                recoveredSeen.add(socket.recovered());
                if (socket.handshake().auth().path("refuse").asBoolean()) {
                    next.fail(new ConnectError("unauthorized", java.util.Map.of("reason", "token_expired")));
                } else {
                    next.proceed();
                }
            }

            @Override
            public boolean runsOnRecovery() {
                return true;
            }
        });
        io.on("connection", s -> {
            if (!s.recovered()) {
                s.join("news");
            }
            sockets.add(s);
        });
        listen();

        RawWebSocket c = client();
        SocketPacket connect = c.connectNs("/", null);
        String pid = connect.data().get("pid").asText();
        // The connection listener (which joins "news") may still run when the client has its
        // CONNECT: this emit comes from another thread, not from the client.
        await().until(() -> sockets.size() == 1);
        io.to("news").emit("headline", 1);
        String offset = c.nextEvent().data().get(2).asText();
        c.abort();
        await().until(() -> io.of("/").sockets().isEmpty());

        RawWebSocket refused = client();
        SocketPacket p = refused.connectNs("/", "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\",\"refuse\":true}");
        assertThat(p.type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(p.data().path("data").path("reason").asText()).isEqualTo("token_expired");
        assertThat(recoveredSeen).containsExactly(false, true);
        assertThat(middlewareRuns.get()).as("the other middleware is skipped on recovery").isEqualTo(1);
        assertThat(io.of("/").adapter().rooms()).as("the refused socket left the restored rooms").isEmpty();

        // the refused recovery consumed the session: the same pid now gives a fresh socket
        RawWebSocket again = client();
        SocketPacket fresh = again.connectNs("/", "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        assertThat(fresh.type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(fresh.data().get("sid").asText()).isNotEqualTo(connect.data().get("sid").asText());
        await().until(() -> sockets.size() == 2);
        assertThat(sockets.get(1).recovered()).isFalse();
    }

    @Test
    void aMiddlewareThatRunsOnRecoveryLetsTheSessionBeRestored() {
        start(b -> b.connectionStateRecovery(ConnectionStateRecovery.defaults()));
        io.use(new Middleware() {
            @Override
            public void handle(Socket socket, Next next) {
                middlewareRuns.incrementAndGet();
                next.proceed();
            }

            @Override
            public boolean runsOnRecovery() {
                return true;
            }
        });
        io.on("connection", sockets::add);
        listen();
        RawWebSocket c = client();
        SocketPacket connect = c.connectNs("/", null);
        await().until(() -> sockets.size() == 1);
        io.emit("e", 1);
        String offset = c.nextEvent().data().get(2).asText();
        c.abort();
        await().until(() -> io.of("/").sockets().isEmpty());
        SocketPacket back = client().connectNs("/", "{\"pid\":\"" + connect.data().get("pid").asText()
                + "\",\"offset\":\"" + offset + "\"}");
        assertThat(back.data().get("sid").asText()).isEqualTo(connect.data().get("sid").asText());
        await().until(() -> sockets.size() == 2);
        assertThat(sockets.get(1).recovered()).isTrue();
        assertThat(middlewareRuns.get()).isEqualTo(2);
    }

    @Test
    void directEmitsAlsoCarryAnOffsetButAcksAndVolatileDoNot() throws Exception {
        startServer(Duration.ofMinutes(2));
        RawWebSocket c = connected();
        await().until(() -> sockets.size() == 1);
        Socket s = sockets.get(0);
        s.emit("direct", "x");
        assertThat(c.nextEvent().data().size()).isEqualTo(3);
        s.volatile_().emit("vol", "x");
        assertThat(c.nextEvent().data().size()).isEqualTo(2);
        var reply = s.timeout(Duration.ofSeconds(5)).emitWithAck("ack", "x");
        SocketPacket p = c.nextEvent();
        assertThat(p.data().size()).isEqualTo(2);
        c.sendPacket("3" + p.id() + "[\"ok\"]");
        assertThat(reply.get().asText()).isEqualTo("ok");
    }
}
