// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.testsupport.RawWebSocket;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link SocketIoServer#shutdown(Duration)}: refusals with 503, acks in flight either way,
 * the restart-like ending on each transport, the deadline, bad input while draining; and the
 * {@link AutoCloseable} close and {@link BindException} of the lifecycle.
 */
class DrainTest extends ServerTestBase {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Acks the "slow" handler holds until the test lets them go. */
    private final List<Ack> heldAcks = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Ack> heldByArgument = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<DisconnectReason> disconnects = new CopyOnWriteArrayList<>();

    private void startHoldingServer() {
        start(b -> { });
        io.onConnection(s -> {
            s.on("slow", (JsonNode arg, Ack ack) -> {
                heldByArgument.put(arg.asText(), ack);
                heldAcks.add(ack);
            });
            s.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
            s.onDisconnect(disconnects::add);
        });
        listen();
    }

    private HttpResponse<String> get(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/socket.io/?" + query))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handshakesAreRefusedWith503AndAnAckInFlightIsAnsweredBeforeTheConnectionEnds() throws Exception {
        startHoldingServer();
        RawWebSocket c = connected();
        c.sendPacket("21[\"slow\",1]");
        await().until(() -> heldAcks.size() == 1);
        assertThat(io.state()).isEqualTo(SocketIoServer.State.RUNNING);

        CompletableFuture<Void> drained = io.shutdown(Duration.ofSeconds(20));
        assertThat(io.state()).isEqualTo(SocketIoServer.State.DRAINING);
        assertThat(io.isAcceptingConnections()).isFalse();
        HttpResponse<String> handshake = get("EIO=4&transport=polling");
        assertThat(handshake.statusCode()).isEqualTo(503);
        assertThat(handshake.body()).contains("Server is draining");
        assertThat(RawWebSocket.refusedStatus("ws://127.0.0.1:" + address.getPort() + "/socket.io/?" + "EIO=4&transport=websocket")).isEqualTo(503);
        // A request for a session this node does not hold: 503 too, so a balancer retries it elsewhere.
        assertThat(get("EIO=4&transport=polling&sid=unknownsid").statusCode()).isEqualTo(503);
        assertThat(io.refusals().count(dev.sio4j.engine.RefusalCause.UNAVAILABLE)).as("not bad input").isEqualTo(3);
        assertThat(io.refusals().count(dev.sio4j.engine.RefusalCause.BAD_REQUEST)).isZero();

        // The connection with an ack owed stays, and still serves events.
        c.sendPacket("22[\"echo\",\"still here\"]");
        SocketPacket echoed = c.nextPacket();
        assertThat(echoed.type()).isEqualTo(SocketPacketType.ACK);
        assertThat(echoed.id()).isEqualTo(2L);
        assertThat(c.closed()).isNotDone();

        heldAcks.get(0).send("done");
        SocketPacket ack = c.nextPacket();
        assertThat(ack.type()).isEqualTo(SocketPacketType.ACK);
        assertThat(ack.data().get(0).asText()).isEqualTo("done");
        // Ended as a restarting server would: the connection closes, no close frame, no Socket.IO DISCONNECT, no Engine.IO CLOSE.
        assertThat(c.closed().get(5, TimeUnit.SECONDS)).as("no close frame: an abrupt end").isIn(-1, 1006);
        assertThat(c.textFrames()).noneMatch(f -> f.equals("1") || f.startsWith("41"));
        drained.get(10, TimeUnit.SECONDS);
        assertThat(io.state()).isEqualTo(SocketIoServer.State.CLOSED);
        assertThat(disconnects).containsExactly(DisconnectReason.SERVER_SHUTTING_DOWN);
        assertThat(io.shutdown(Duration.ZERO)).isDone();
    }

    @Test
    void aPollingSessionGetsA503OnItsPendingPollNeverACloseOrDisconnectPacket() throws Exception {
        startHoldingServer();
        HttpResponse<String> open = get("EIO=4&transport=polling");
        String sid = JSON.readTree(open.body().substring(1)).get("sid").asText();
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort()
                + "/socket.io/?EIO=4&transport=polling&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString("40")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).startsWith("40");
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + address.getPort() + "/socket.io/?EIO=4&transport=polling&sid=" + sid)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().until(() -> disconnects.isEmpty() && io.clientsCount() == 1);

        io.shutdown(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        HttpResponse<String> last = pending.get(5, TimeUnit.SECONDS);
        assertThat(last.statusCode()).isEqualTo(503);
        assertThat(last.body()).doesNotContain("\u001e1").isNotEqualTo("1").doesNotContain("41");
        assertThat(disconnects).containsExactly(DisconnectReason.SERVER_SHUTTING_DOWN);
    }

    @Test
    void theDeadlineEndsConnectionsThatStillAwaitAnAck() throws Exception {
        startHoldingServer();
        RawWebSocket c = connected();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        io.of("/").sockets().values().iterator().next()
                .emitWithAck("question", 1).whenComplete((v, e) -> failed.complete(e));
        assertThat(c.nextEvent().data().get(0).asText()).isEqualTo("question"); // and never answered

        long start = System.nanoTime();
        io.shutdown(Duration.ofMillis(600)).get(15, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).as("waited for the ack up to the deadline").isGreaterThanOrEqualTo(600);
        assertThat(c.closed().get(5, TimeUnit.SECONDS)).as("no close frame: an abrupt end").isIn(-1, 1006);
        assertThat(failed.get(5, TimeUnit.SECONDS)).as("the ack awaited fails at the close").isNotNull();
    }

    @Test
    void badInputWhileDrainingClosesOnlyTheOffendingSession() throws Exception {
        startHoldingServer();
        RawWebSocket holder = connected();
        RawWebSocket bad = connected();
        holder.sendPacket("21[\"slow\",1]");
        bad.sendPacket("21[\"slow\",2]");
        await().until(() -> heldAcks.size() == 2);
        CompletableFuture<Void> drained = io.shutdown(Duration.ofSeconds(20));

        bad.sendPacket("2zzz"); // an EVENT that does not parse
        await().until(() -> bad.closed().isDone());
        assertThat(disconnects).hasSize(1);
        assertThat(get("EIO=9&transport=polling").statusCode()).as("a bad handshake stays a bad request").isEqualTo(400);
        assertThat(holder.closed()).isNotDone();
        holder.sendPacket("23[\"echo\",\"ok\"]");
        assertThat(holder.nextPacket().id()).isEqualTo(3L);

        heldByArgument.get("1").send("one"); // the holder's ("2" was the closed session's)
        assertThat(holder.nextPacket().data().get(0).asText()).isEqualTo("one");
        drained.get(10, TimeUnit.SECONDS);
        assertThat(holder.closed().get(5, TimeUnit.SECONDS)).isIn(-1, 1006);
    }

    @Test
    void aNegativeDeadlineIsRefused() {
        start(b -> { });
        assertThatThrownBy(() -> io.shutdown(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.shutdown(null)).isInstanceOf(NullPointerException.class);
        assertThat(io.state()).isEqualTo(SocketIoServer.State.RUNNING);
    }

    @Test
    void closeBlocksUntilClosedAndDoesNotDeadlockInsideAListener() throws Exception {
        start(b -> { });
        CompletableFuture<Boolean> returned = new CompletableFuture<>();
        io.onConnection(s -> s.on("stop", (JsonNode arg) -> {
            io.close(); // on the event loop: starts the close, returns
            returned.complete(true);
        }));
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"stop\"]");
        assertThat(returned.get(5, TimeUnit.SECONDS)).isTrue();
        io.closeAsync().get(15, TimeUnit.SECONDS);
        assertThat(io.state()).isEqualTo(SocketIoServer.State.CLOSED);
        assertThat(c.closed().get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void closeFromAListenerOnAListenerExecutorDoesNotDeadlock() throws Exception {
        var executor = Executors.newCachedThreadPool();
        try {
            start(b -> b.listenerExecutor(executor));
            CompletableFuture<Boolean> returned = new CompletableFuture<>();
            io.onConnection(s -> s.on("stop", (JsonNode arg) -> {
                io.close();
                returned.complete(true);
            }));
            listen();
            connected().sendPacket("2[\"stop\"]");
            assertThat(returned.get(5, TimeUnit.SECONDS)).isTrue();
            io.closeAsync().get(15, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aTakenPortIsABindExceptionAndTheServerStaysUsable() throws Exception {
        start(b -> { });
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> io.listen("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
        assertThatThrownBy(() -> io.listen("no-such-host.invalid", 0)).isInstanceOf(BindException.class);
        InetSocketAddress bound = io.listen("127.0.0.1", 0);
        assertThat(bound.getPort()).isPositive();
        io.close();
        assertThat(io.state()).isEqualTo(SocketIoServer.State.CLOSED);
        assertThatThrownBy(() -> io.listen("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class);
    }
}
