// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every meter of {@link SocketIoMetrics} moves when its event happens, on a real server with the
 * Java client and test-support's raw clients, including bad input: a malformed packet
 * is a protocol-violation refusal and a disconnect with its reason, a refused handshake counts
 * under its cause.
 */
class SocketIoMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RawClient HTTP = RawClient.shared();

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<dev.sio4j.client.Socket> clients = new ArrayList<>();
    private SocketIoServer io;
    private SocketIoMetrics metrics;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        io = SocketIoServer.builder()
                .configureEngine(e -> e.maxOutboundQueue(8))
                .build();
        io.onConnection(socket -> {
            socket.on("echo", (arg, ack) -> ack.send(arg));
            socket.on("shout", arg -> io.emit("shouted", arg));
        });
        metrics = new SocketIoMetrics(io, Tags.of("app", "test"));
        metrics.bindTo(registry);
        address = io.listen("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (dev.sio4j.client.Socket c : clients) {
            c.io().shutdown().get(10, TimeUnit.SECONDS);
        }
        metrics.close();
        io.closeAsync().get(10, TimeUnit.SECONDS);
    }

    private dev.sio4j.client.Socket client() {
        dev.sio4j.client.Socket c = IO.socket(URI.create("http://127.0.0.1:" + address.getPort()),
                ClientOptions.builder().reconnection(false).forceNew(true).build());
        clients.add(c);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        c.on("connect", () -> connected.complete(null));
        c.connect();
        connected.orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).meters().stream().mapToDouble(SocketIoMetricsTest::total).sum();
    }

    private static double total(Meter m) {
        double sum = 0;
        for (var measurement : m.measure()) {
            if (measurement.getStatistic() == Statistic.COUNT) {
                sum += measurement.getValue();
            }
        }
        return sum;
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void theJavaClientsTrafficMovesEveryEngineAndSocketMeter() throws Exception {
        dev.sio4j.client.Socket a = client();
        dev.sio4j.client.Socket b = client();
        a.on("question", JsonNode.class, (q, ack) -> ack.send("answer"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("socketio.engine.sessions", "app", "test")).isEqualTo(2);
            assertThat(gauge("socketio.sockets", "namespace", "/")).isEqualTo(2);
            assertThat(count("socketio.engine.upgrades", "transport", "websocket")).isEqualTo(2);
        });
        assertThat(count("socketio.engine.sessions.opened", "transport", "polling")).isEqualTo(2);
        assertThat(count("socketio.sockets.connected", "namespace", "/", "app", "test")).isEqualTo(2);

        assertThat(a.timeout(WAIT).emitWithAck("echo", "hello").get(10, TimeUnit.SECONDS).asText()).isEqualTo("hello");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.listener.duration", "namespace", "/")).isGreaterThanOrEqualTo(1);
            assertThat(count("socketio.engine.packets.received", "transport", "websocket", "type", "message"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(registry.get("socketio.engine.bytes.received").tags("transport", "websocket", "type", "message")
                    .counter().count()).isGreaterThanOrEqualTo("42[\"echo\",\"hello\"]".length());
            assertThat(registry.get("socketio.engine.bytes.sent").tags("transport", "polling", "type", "open")
                    .counter().count()).isGreaterThan(50); // the two OPEN packets
            assertThat(count("socketio.engine.packets.sent", "transport", "websocket", "type", "message"))
                    .isGreaterThanOrEqualTo(1);
        });

        // A broadcast: counted once, with its fan-out to both sessions.
        b.emit("shout", "hi all");
        await().atMost(WAIT).untilAsserted(() -> {
            var recipients = registry.get("socketio.broadcast.recipients").tags("namespace", "/").summary();
            assertThat(recipients.count()).isEqualTo(1);
            assertThat(recipients.totalAmount()).isEqualTo(2);
        });

        // Acks: one answered (a round trip), one never answered (a timeout).
        dev.sio4j.server.Socket serverSideOfA = io.of("/").sockets().values().stream()
                .filter(s -> s.id().equals(a.id())).findFirst().orElseThrow();
        assertThat(serverSideOfA.timeout(WAIT).emitWithAck("question").get(10, TimeUnit.SECONDS).asText())
                .isEqualTo("answer");
        assertThat(registry.get("socketio.ack.duration").tags("namespace", "/").timer().count()).isEqualTo(1);
        CompletableFuture<JsonNode> unanswered = serverSideOfA.timeout(Duration.ofMillis(100)).emitWithAck("nobody");
        await().atMost(WAIT).until(unanswered::isDone);
        assertThat(count("socketio.ack.timeouts", "namespace", "/")).isEqualTo(1);

        // A client leaves its namespace, then the other's connection goes.
        a.disconnect();
        b.io().shutdown().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.sockets.disconnected", "reason", "client namespace disconnect")).isEqualTo(1);
            assertThat(count("socketio.sockets.disconnected", "reason", "transport close")).isEqualTo(1);
            assertThat(gauge("socketio.sockets", "namespace", "/")).isZero();
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.engine.sessions.closed", "transport", "websocket")).isEqualTo(2);
            assertThat(registry.get("socketio.engine.session.duration").tags("transport", "websocket").timer().count())
                    .isEqualTo(2);
            assertThat(gauge("socketio.engine.sessions")).isZero();
        });
    }

    @Test
    void aMalformedSocketIoPacketIsAProtocolViolationAndAForcedCloseDisconnect() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send("42[\"unclosed\",");
            assertThat(ws.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.engine.refusals", "cause", "protocol violation")).isEqualTo(1);
            assertThat(count("socketio.sockets.disconnected", "namespace", "/", "reason", "forced close")).isEqualTo(1);
            assertThat(count("socketio.engine.sessions.closed", "transport", "websocket", "reason", "forced close"))
                    .isEqualTo(1);
        });
    }

    @Test
    void aMalformedEngineIoPacketClosesWithParseError() throws Exception {
        try (RawWebSocket ws = connectedWebSocket()) {
            ws.send("not an engine.io packet");
            assertThat(ws.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.engine.refusals", "cause", "protocol violation")).isEqualTo(1);
            assertThat(count("socketio.sockets.disconnected", "reason", "parse error")).isEqualTo(1);
            assertThat(count("socketio.engine.sessions.closed", "reason", "parse error")).isEqualTo(1);
        });
    }

    @Test
    void aRefusedHandshakeCountsUnderItsCause() throws Exception {
        HttpResponse<String> refused = HTTP.get(base() + "?EIO=4&transport=polling", "Origin", "https://elsewhere.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> badTransport = HTTP.get(base() + "?EIO=4&transport=carrier-pigeon");
        assertThat(badTransport.statusCode()).isEqualTo(400);
        assertThat(count("socketio.engine.refusals", "cause", "origin")).isEqualTo(1);
        assertThat(count("socketio.engine.refusals", "cause", "bad request")).isEqualTo(1);
        assertThat(count("socketio.engine.sessions.opened")).isZero();
    }

    @Test
    void aPollingClientThatDoesNotPollDropsVolatileMessagesThenIsClosedAsASlowConsumer() throws Exception {
        String sid = openPolling();
        HttpResponse<String> connect = HTTP.post(base() + "?EIO=4&transport=polling&sid=" + sid, "40");
        assertThat(connect.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> gauge("socketio.sockets", "namespace", "/") == 1);

        io.volatile_().emit("tick", 1); // no GET pending: engine.io would not write it either
        assertThat(count("socketio.engine.messages.dropped", "transport", "polling")).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            io.emit("news", i); // the outbound queue holds 8: the session is closed, never grown
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("socketio.engine.slow.consumers", "transport", "polling")).isEqualTo(1);
            assertThat(count("socketio.engine.sessions.closed", "transport", "polling", "reason", "transport error"))
                    .isEqualTo(1);
            assertThat(count("socketio.sockets.disconnected", "reason", "transport error")).isEqualTo(1);
        });
    }

    @Test
    void closingTheBinderStopsTheRecording() throws Exception {
        metrics.close();
        client();
        await().atMost(WAIT).until(() -> io.clientsCount() == 1);
        assertThat(count("socketio.engine.sessions.opened")).isZero();
        assertThat(count("socketio.sockets.connected")).isZero();
    }

    private String base() {
        return "http://127.0.0.1:" + address.getPort() + "/socket.io/";
    }

    private String openPolling() throws Exception {
        HttpResponse<String> open = HTTP.get(base() + "?EIO=4&transport=polling");
        String body = open.body();
        int i = body.indexOf("\"sid\":\"") + 7;
        return body.substring(i, body.indexOf('"', i));
    }

    /** A raw WebSocket session with the main namespace connected, for sending what a test says. */
    private RawWebSocket connectedWebSocket() {
        RawWebSocket ws = RawWebSocket.socketIo(address);
        assertThat(ws.connectNs("/", null).type()).isEqualTo(dev.sio4j.protocol.socketio.SocketPacketType.CONNECT);
        return ws;
    }
}
