// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import dev.sio4j.protocol.AckException;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ConnectAndEventsTest extends ServerTestBase {

    record Greeting(String name, int times) {
    }

    @Test
    void connectAnswersWithOwnSocketIdAndExposesTheHandshake() {
        AtomicReference<Socket> seen = new AtomicReference<>();
        start(b -> { });
        io.on("connection", seen::set);
        listen();
        RawWebSocket c = client("&foo=bar");
        SocketPacket connect = c.connectNs("/", "{\"token\":\"abc\"}");
        assertThat(connect.type()).isEqualTo(SocketPacketType.CONNECT);
        String sid = connect.data().get("sid").asText();
        assertThat(sid).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(c.openPacket().get("sid").asText());
        assertThat(connect.data().has("pid")).isFalse();
        await().until(() -> seen.get() != null);
        Socket s = seen.get();
        assertThat(s.id()).isEqualTo(sid);
        assertThat(s.handshake().auth().get("token").asText()).isEqualTo("abc");
        assertThat(s.handshake().queryParam("foo")).isEqualTo("bar");
        assertThat(s.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(s.handshake().url()).startsWith("/socket.io/?EIO=4");
        assertThat(s.handshake().time()).contains("GMT");
        assertThat(s.rooms()).containsExactly(sid);
        assertThat(s.recovered()).isFalse();
        assertThat(io.of("/").sockets()).containsKey(sid);
    }

    @Test
    void eventsReachRawJsonAndTypedListenersAndAcksGoBack() {
        List<Object> got = new CopyOnWriteArrayList<>();
        start(b -> { });
        io.on("connection", s -> {
            s.onArgs("raw", (args, ack) -> got.add(args));
            s.on("json", (JsonNode arg) -> got.add(arg));
            s.on("typed", Greeting.class, g -> got.add(g));
            s.on("echo", (arg, ack) -> ack.send(arg, "extra")); // untyped: the JsonNode and the ack
            s.on("typedAck", Greeting.class, (g, ack) -> ack.send(g.times() * 2));
        });
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"raw\",1,\"two\"]").sendPacket("2[\"json\",{\"a\":1}]").sendPacket("2[\"typed\",{\"name\":\"x\",\"times\":3}]");
        await().until(() -> got.size() == 3);
        assertThat(got.get(0).toString()).isEqualTo("[1, \"two\"]");
        assertThat(got.get(1).toString()).isEqualTo("{\"a\":1}");
        assertThat(got.get(2)).isEqualTo(new Greeting("x", 3));
        c.sendPacket("27[\"echo\",{\"k\":[1,2]}]");
        SocketPacket ack = c.nextPacket();
        assertThat(ack.type()).isEqualTo(SocketPacketType.ACK);
        assertThat(ack.id()).isEqualTo(7L);
        assertThat(ack.data().toString()).isEqualTo("[{\"k\":[1,2]},\"extra\"]");
        c.sendPacket("28[\"typedAck\",{\"name\":\"y\",\"times\":21}]");
        assertThat(c.nextPacket().data().toString()).isEqualTo("[42]");
        assertThat(c.textFrames()).contains("437[{\"k\":[1,2]},\"extra\"]", "438[42]");
    }

    @Test
    void serverEmitsWithAckAndTimesOut() throws Exception {
        CompletableFuture<Socket> conn = new CompletableFuture<>();
        start(b -> { });
        io.on("connection", conn::complete);
        listen();
        RawWebSocket c = connected();
        Socket s = conn.get(5, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> reply = s.timeout(Duration.ofSeconds(5)).emitWithAck("question", 1);
        SocketPacket q = c.nextEvent();
        assertThat(q.id()).isNotNull();
        assertThat(q.data().toString()).isEqualTo("[\"question\",1]");
        c.sendPacket("3" + q.id() + "[\"answer\"]");
        assertThat(reply.get(5, TimeUnit.SECONDS).asText()).isEqualTo("answer");

        AtomicReference<Throwable> error = new AtomicReference<>();
        s.timeout(Duration.ofMillis(100)).emit("ignored", (AckCallback) (err, args) -> error.set(err));
        c.nextEvent();
        await().until(() -> error.get() != null);
        assertThat(error.get()).isInstanceOf(AckException.class).hasMessage("operation has timed out");
        CompletableFuture<JsonNode> late = s.timeout(Duration.ofMillis(100)).emitWithAck("late");
        long id = c.nextEvent().id();
        await().until(late::isCompletedExceptionally);
        c.sendPacket("3" + id + "[\"too late\"]");   // an ACK for an expired id is ignored
        c.sendPacket("2[\"still\",\"alive\"]");
        assertThat(s.connected()).isTrue();
    }

    @Test
    void aTypedEmitWithAckMapsTheAnswerOrFailsWithATypedError() throws Exception {
        CompletableFuture<Socket> conn = new CompletableFuture<>();
        start(b -> { });
        io.onConnection(conn::complete);
        listen();
        RawWebSocket c = connected();
        Socket s = conn.get(5, TimeUnit.SECONDS);

        CompletableFuture<Greeting> typed = s.timeout(Duration.ofSeconds(5)).emitWithAck(Greeting.class, "greet");
        c.sendPacket("3" + c.nextEvent().id() + "[{\"name\":\"x\",\"times\":2}]");
        assertThat(typed.get(5, TimeUnit.SECONDS)).isEqualTo(new Greeting("x", 2));

        CompletableFuture<Greeting> none = s.emitWithAck(Greeting.class, "greet");
        c.sendPacket("3" + c.nextEvent().id() + "[]");
        assertThat(none.get(5, TimeUnit.SECONDS)).isNull();

        CompletableFuture<Greeting> bad = s.emitWithAck(Greeting.class, "greet");
        c.sendPacket("3" + c.nextEvent().id() + "[\"not a greeting\"]");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(dev.sio4j.protocol.PayloadMappingException.class);

        CompletableFuture<Greeting> late = s.timeout(Duration.ofMillis(50)).emitWithAck(Greeting.class, "greet");
        c.nextEvent();
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AckException.class);
        assertThat(s.connected()).isTrue();
    }

    @Test
    void binaryAtNestedPositionsBothWays() throws Exception {
        CompletableFuture<List<JsonNode>> received = new CompletableFuture<>();
        start(b -> { });
        io.on("connection", s -> {
            s.onArgs("upload", (List<JsonNode> args, Ack ack) -> received.complete(args));
            s.emit("files", Map.of("name", "a", "parts", List.of(new byte[] {1, 2}, ByteBuffer.wrap(new byte[] {3}))),
                    new byte[] {9});
        });
        listen();
        RawWebSocket c = connected();
        SocketPacket files = c.nextEvent();
        assertThat(c.textFrames()).anyMatch(f -> f.startsWith("453-[\"files\""));
        JsonNode parts = files.data().get(1).get("parts");
        assertThat(parts.get(0).binaryValue()).containsExactly(1, 2);
        assertThat(parts.get(1).binaryValue()).containsExactly(3);
        assertThat(files.data().get(2).binaryValue()).containsExactly(9);

        ArrayNode data = JSON.createArrayNode().add("upload");
        data.addObject().set("deep", JSON.createArrayNode().add(BinaryNode.valueOf(new byte[] {7, 7})));
        c.sendPacket(SocketPacket.event("/", data));
        List<JsonNode> args = received.get(5, TimeUnit.SECONDS);
        assertThat(args.get(0).get("deep").get(0).binaryValue()).containsExactly(7, 7);
    }

    @Test
    void catchAllListenersSeeIncomingAndOutgoingEvents() {
        List<String> seen = new CopyOnWriteArrayList<>();
        start(b -> { });
        io.on("connection", s -> {
            s.onAny((event, args) -> seen.add("in:" + event + args));
            s.prependAny((event, args) -> seen.add("first:" + event));
            s.onAnyOutgoing((event, args) -> seen.add("out:" + event + args));
            s.on("ping", (JsonNode a) -> s.emit("pong", a));
        });
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"ping\",5]");
        assertThat(c.nextEvent().data().toString()).isEqualTo("[\"pong\",5]");
        await().until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("first:ping", "in:ping[5]", "out:pong[5]");
    }

    @Test
    void reservedEventNamesCannotBeEmitted() throws Exception {
        CompletableFuture<Socket> conn = new CompletableFuture<>();
        start(b -> { });
        io.on("connection", conn::complete);
        listen();
        connected();
        Socket s = conn.get(5, TimeUnit.SECONDS);
        for (String name : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.emit(name))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.emit(name))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void perSocketMiddlewareCanRejectEvents() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        start(b -> { });
        io.on("connection", s -> {
            s.use((event, args, next) -> {
                if (event.equals("forbidden")) {
                    next.fail(new SecurityException("nope"));
                } else {
                    next.proceed();
                }
            });
            s.onError(errors::add);
            s.on("forbidden", (JsonNode a) -> seen.add("forbidden"));
            s.on("ok", (JsonNode a) -> seen.add("ok"));
        });
        listen();
        RawWebSocket c = connected();
        c.sendPacket("2[\"forbidden\"]").sendPacket("2[\"ok\"]");
        await().until(() -> seen.size() == 1 && errors.size() == 1);
        assertThat(seen).containsExactly("ok");
        assertThat(errors.get(0)).hasMessage("nope");
    }
}
