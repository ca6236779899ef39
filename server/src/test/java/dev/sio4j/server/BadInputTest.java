// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SECURITY-CASES rows 19, 21-31: each bad input closes only the offending session. */
class BadInputTest extends ServerTestBase {

    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private void startServer() {
        start(b -> b.connectTimeout(Duration.ofMillis(500)));
        io.on("connection", s -> {
            s.on("disconnect", (JsonNode r) -> reasons.add(r.asText()));
            s.onAny((e, a) -> events.add(e));
            s.onError(errors::add);
        });
        listen();
    }

    /** The offending client is closed; a bystander keeps working. */
    private void assertClosedAlone(RawWebSocket bad, RawWebSocket bystander) {
        assertThat(bad.awaitClosed(Duration.ofSeconds(5))).as("bad client closed").isTrue();
        bystander.sendPacket("2[\"still-here\"]");
        await().until(() -> events.contains("still-here"));
        assertThat(bystander.closed()).isNotDone();
    }

    @ParameterizedTest(name = "row 21/23/26/27/30: {0}")
    @ValueSource(strings = {"abc", "4", "9", "40\"str\"", "40[]", "42{}", "42\"x\"", "42[]", "42[{\"toString\":\"x\"}]",
            "42[null]", "42abc[\"e\"]", "24299999999999999999999[\"e\"]", "2-1[\"e\"]", "2[\"unterminated\""})
    void malformedPacketsCloseTheSession(String packet) {
        startServer();
        RawWebSocket bystander = connected();
        RawWebSocket bad = connected();
        bad.sendPacket(packet);
        assertClosedAlone(bad, bystander);
        // As socket.io 4.8: the parser error reaches the socket's error listeners, then the engine
        // connection is closed and the socket disconnects with the engine's reason.
        await().until(() -> reasons.contains("forced close"));
        assertThat(errors).singleElement().isInstanceOf(SocketParseException.class);
        assertThat(reasons).containsExactly("forced close");
    }

    /** socket.io 4.8 order: the parser error reaches the socket ("error"), then it disconnects. */
    @Test
    void aParseErrorIsReportedBeforeTheDisconnectAndCarriesItsReason() {
        List<String> order = new CopyOnWriteArrayList<>();
        start(b -> { });
        io.on("connection", s -> {
            s.onError(e -> order.add("error:" + ((SocketParseException) e).reason()));
            s.on("disconnecting", (JsonNode r) -> order.add("disconnecting:" + r.asText()));
            s.on("disconnect", (JsonNode r) -> order.add("disconnect:" + r.asText()));
        });
        io.of("/other").on("connection", s -> s.onError(e -> order.add("other error")));
        listen();
        RawWebSocket c = connected();
        c.connectNs("/other", null);
        c.sendPacket("2[\"connect\"]");
        await().until(() -> order.size() == 4);
        assertThat(order.stream().filter(e -> !e.equals("other error")))
                .containsExactly("error:RESERVED_EVENT_NAME", "disconnecting:forced close", "disconnect:forced close");
        assertThat(order).contains("other error");   // every socket of the connection is told, as socket.io
    }

    @ParameterizedTest(name = "row 28: reserved name {0}")
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    void reservedEventNamesFromClientsClose(String name) {
        startServer();
        RawWebSocket bystander = connected();
        RawWebSocket bad = connected();
        bad.sendPacket("2[\"" + name + "\"]");
        assertClosedAlone(bad, bystander);
    }

    @Test
    void row24_connectTwiceEventToUnjoinedNamespaceAndClientConnectErrorClose() {
        startServer();
        io.of("/other");
        RawWebSocket bystander = connected();
        RawWebSocket twice = connected();
        twice.sendPacket("0");
        assertClosedAlone(twice, bystander);
        RawWebSocket unjoined = connected();
        unjoined.sendPacket("2/other,[\"e\"]");
        assertClosedAlone(unjoined, bystander);
        RawWebSocket connectError = connected();
        connectError.sendPacket("4{\"message\":\"x\"}");
        assertClosedAlone(connectError, bystander);
        await().until(() -> errors.size() == 3);
        assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(ProtocolStateException.class));
        assertThat(errors).extracting(e -> ((ProtocolStateException) e).packetType())
                .containsExactly(SocketPacketType.CONNECT, SocketPacketType.EVENT, SocketPacketType.CONNECT_ERROR);
        await().until(() -> reasons.size() == 3);
        assertThat(reasons).containsOnly("forced close");
    }

    @Test
    void row22_badNamespacesGetInvalidNamespaceAndStayOpen() {
        startServer();
        io.of("/other").on("connection", s -> s.onAny((e, a) -> events.add("other:" + e)));
        RawWebSocket bystander = connected();
        RawWebSocket c = connected();
        c.connectNs("/other", null);
        // Unknown, odd, over the 256-character limit, with C0 and C1 control characters: each is
        // answered as socket.io answers an unknown namespace (the echo is bounded by
        // maxHttpBufferSize like the CONNECT itself), and the session keeps its namespaces.
        List<String> names = List.of("/random", "/../x", "/" + "n".repeat(10_000), "/a\u0001b", "/tab\tbed",
                "/c1\u0085x", "/del\u007f", "/nul\u0000");
        for (String ns : names) {
            c.sendPacket("0" + ns + ",{\"token\":\"t\"}");
        }
        for (String ns : names) {
            String answer = "44" + ns + ",{\"message\":\"Invalid namespace\"}";
            await().until(() -> c.textFrames().contains(answer));
        }
        c.sendPacket("2[\"main-still-here\"]").sendPacket("2/other,[\"other-still-here\"]");
        await().until(() -> events.contains("main-still-here") && events.contains("other:other-still-here"));
        assertThat(c.closed()).isNotDone();
        assertThat(errors).isEmpty();
        bystander.sendPacket("2[\"bystander\"]");
        await().until(() -> events.contains("bystander"));
    }

    @Test
    void row29_errorIsAnOrdinaryEvent() {
        startServer();
        RawWebSocket c = connected();
        c.sendPacket("2[\"error\",\"x\"]");
        await().until(() -> events.contains("error"));
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void row31_unknownAndDuplicateAckIdsAreIgnored() throws Exception {
        startServer();
        RawWebSocket c = connected();
        c.sendPacket("399[\"nobody asked\"]").sendPacket("3100[]");
        Socket s = io.of("/").sockets().values().iterator().next();
        var reply = s.timeout(Duration.ofSeconds(5)).emitWithAck("q");
        long id = c.nextEvent().id();
        c.sendPacket("3" + id + "[1]").sendPacket("3" + id + "[2]");
        assertThat(reply.get().asInt()).isEqualTo(1);
        c.sendPacket("2[\"after\"]");
        await().until(() -> events.contains("after"));
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void row34_attachmentsThatNeverArriveCloseAfterPingTimeout() {
        start(b -> b.pingTimeout(Duration.ofMillis(400)));
        io.on("connection", s -> {
            s.on("disconnect", (JsonNode r) -> reasons.add(r.asText()));
            s.onError(errors::add);
        });
        listen();
        RawWebSocket bystander = connected();
        RawWebSocket bad = connected();
        bad.sendPacket("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        bad.sendBinary(new byte[] {1});
        assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
        await().until(() -> reasons.contains("forced close"));
        assertThat(errors).singleElement().isInstanceOf(ProtocolStateException.class);
        assertThat(bystander.closed()).isNotDone();
    }

    @Test
    void row34_completedAttachmentsStopTheTimer() {
        start(b -> b.pingTimeout(Duration.ofMillis(300)));
        io.on("connection", s -> s.onArgs("e", (List<JsonNode> args, Ack ack) -> events.add(args.toString())));
        listen();
        RawWebSocket c = connected();
        for (int i = 0; i < 3; i++) {
            c.sendPacket("51-[\"e\",{\"_placeholder\":true,\"num\":0}]").sendBinary(new byte[] {(byte) i});
        }
        await().until(() -> events.size() == 3);
        c.sendPacket("2[\"e\",\"later\"]");   // arrives after the timer would have fired had it not been stopped
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(600)).until(() -> events.size() == 4);
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void row19_noNamespaceConnectWithinConnectTimeoutCloses() {
        startServer();
        RawWebSocket idle = client();
        RawWebSocket ok = connected();
        assertThat(idle.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(ok.closed()).isNotDone();
    }

    @Test
    void row25_namespaceCapPerConnection() {
        start(b -> b.options(o -> o.maxNamespacesPerClient(2)));
        io.of(java.util.regex.Pattern.compile("^/n\\d+$"));
        listen();
        RawWebSocket c = client();
        assertThat(c.connectNs("/n1", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.connectNs("/n2", null).type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(c.connectNs("/n3", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
    }
}
