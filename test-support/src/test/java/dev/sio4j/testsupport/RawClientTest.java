// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one raw client against real servers on port 0: the JDK's HTTP server for polling, and
 * {@link ScriptedWebSocketServer} for the WebSocket and Socket.IO parts.
 */
class RawClientTest {

    private HttpServer http;
    private InetSocketAddress address;

    @BeforeEach
    void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // An Engine.IO-shaped endpoint: a handshake without sid, an echo of the method, body and a header with one.
        http.createContext("/engine.io/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer = query.contains("refuse") ? "{\"code\":3,\"message\":\"Bad request\"}"
                    : !query.contains("sid=") ? "0{\"sid\":\"abc\",\"pingInterval\":300}"
                    : exchange.getRequestMethod() + " " + new String(body, StandardCharsets.UTF_8) + " "
                            + exchange.getRequestHeaders().getFirst("X-Probe");
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", "a=1");
            exchange.getResponseHeaders().add("Set-Cookie", "b=2");
            exchange.sendResponseHeaders(query.contains("refuse") ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        address = http.getAddress();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    @Test
    void pollingRequestsWithASid() throws Exception {
        RawClient client = RawClient.at(address);
        String sid = client.openPolling("/engine.io/?EIO=4&transport=polling");
        assertThat(sid).isEqualTo("abc");
        String session = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(client.get(session, "X-Probe", "p").body()).isEqualTo("GET  p");
        assertThat(client.post(session, "4hé").body()).isEqualTo("POST 4hé null");
        assertThat(client.postAsync(session, "4x").join().body()).isEqualTo("POST 4x null");
        assertThat(client.getAsync(session).join().body()).isEqualTo("GET  null");
        HttpResponse<String> put = client.send("PUT", session, "y");
        assertThat(put.body()).isEqualTo("PUT y null");
        assertThat(put.headers().allValues("set-cookie")).containsExactly("a=1", "b=2");
        // the same through a full URL and the shared client
        assertThat(RawClient.shared().get("http://127.0.0.1:" + address.getPort() + session).statusCode()).isEqualTo(200);
    }

    @Test
    void badUseAndRefusalsAreClearErrors() {
        RawClient client = RawClient.at(address);
        assertThatThrownBy(() -> client.openPolling("/engine.io/?EIO=4&transport=polling&refuse"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("handshake refused: 400");
        assertThatThrownBy(() -> client.get("/engine.io/?EIO=4", "X-Probe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
        assertThatThrownBy(() -> RawClient.shared().get("/engine.io/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a client with a base");
    }

    @Test
    void rawConnectionWritesAnyBytesAndReadsResponses() throws Exception {
        try (RawConnection c = RawClient.tcp(address)) {
            c.request("POST", "/engine.io/?sid=1", "4a", false);
            RawConnection.Response reply = c.readReply();
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("POST 4a null");
            assertThat(reply.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
            c.write("GET /engine.io/?sid=1 HTTP/1.1\r\nHost: x\r\nX-Probe: q\r\n\r\n");
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("GET  q");
            c.write("GET /engine.io/?sid=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 200").endsWith("GET  null");
        }
        try (RawConnection c = RawConnection.open(address)) {
            c.write("\u0000\u0001 NOT HTTP\r\n\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        RawConnection.open(address).abandon();
        assertThat(RawClient.at(address).get("/engine.io/?sid=1").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void webSocketFramesPingsAndTheClose() throws Exception {
        try (ScriptedWebSocketServer ws = new ScriptedWebSocketServer(peer -> {
            peer.sendText("0{\"sid\":\"s\"}");
            peer.sendText("2");
            assertThat(peer.readText()).isEqualTo("3");                       // answered at once
            peer.sendBinary(new byte[] {1, 2});
            assertThat(peer.readText()).isEqualTo("hello");
            peer.sendText("4" + "x".repeat(70_000));                           // arrives in parts, read whole
            peer.close(1001);
        })) {
            RawWebSocket c = RawWebSocket.to(ws.url()).answerPings().open();
            assertThat(c.isOpen()).isTrue();
            assertThat(c.nextText()).startsWith("0{");
            assertThat(c.nextFrame().isPing()).isTrue();
            RawWebSocket.Frame binary = c.nextNonPing();
            assertThat(binary.bytes()).as("%s", binary).containsExactly(1, 2);
            c.send("hello");
            assertThat(c.nextTextSkippingPings()).hasSize(70_001);
            assertThat(c.awaitClose(RawWebSocket.WAIT)).isEqualTo(new RawWebSocket.Closed(1001, ""));
            assertThat(c.awaitCloseCode()).isEqualTo(1001);
            assertThat(c.textFrames()).hasSize(2);
            ws.awaitScript();
        }
    }

    @Test
    void socketIoModeReadsTheOpenPacketAndDecodesPackets() throws Exception {
        try (ScriptedWebSocketServer ws = new ScriptedWebSocketServer(peer -> {
            peer.sendText("0{\"sid\":\"s1\",\"pingInterval\":300}");
            assertThat(peer.readText()).isEqualTo("40");
            peer.sendText("40{\"sid\":\"x\"}");
            peer.sendText("2");
            assertThat(peer.readText()).isEqualTo("3");
            peer.sendText("451-[\"file\",{\"_placeholder\":true,\"num\":0}]");
            peer.sendBinary(new byte[] {7});
            assertThat(peer.readText()).isEqualTo("42[\"e\",1]");
            assertThat(peer.readText()).isEqualTo("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(peer.readBinary()).containsExactly(9);
            peer.sendText("4x");                                               // not a Socket.IO packet
            peer.sendText("431[]");
        })) {
            try (RawWebSocket c = RawWebSocket.to(ws.url()).socketIo().open()) {
                assertThat(c.openPacket().path("sid").asText()).isEqualTo("s1");
                assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
                SocketPacket file = c.nextEvent();
                assertThat(file.data().get(1).binaryValue()).containsExactly(7);
                c.sendPacket("2[\"e\",1]");
                c.sendPacket(new SocketPacket(SocketPacketType.EVENT, "/",
                        JsonNodeFactory.instance.arrayNode().add("up").add(new byte[] {9}), null));
                assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.ACK);
                assertThat(c.pollPacket(Duration.ofMillis(50))).isNull();
                assertThat(c.textFrames()).contains("4x").anyMatch(f -> f.startsWith("!decode"));
                ws.awaitScript();
            }
        }
    }

    @Test
    void aSocketIoSessionWithoutAnOpenPacketFailsClearly() throws Exception {
        try (ScriptedWebSocketServer ws = new ScriptedWebSocketServer(peer -> peer.sendText("hello"))) {
            assertThatThrownBy(() -> RawWebSocket.to(ws.url()).socketIo().open())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no open packet");
        }
    }

    @Test
    void rawConnectionUpgradesAndReadsServerFrames() throws Exception {
        try (ScriptedWebSocketServer ws = new ScriptedWebSocketServer(peer -> {
            peer.sendText("0{}");
            assertThat(peer.readText()).isEqualTo("unmasked? no: masked");
            peer.close(1002);
        })) {
            try (RawConnection c = RawConnection.webSocket(ws.address(), "/ws")) {
                assertThat(c.lastHead()).startsWith("HTTP/1.1 101");
                WebSocketFrames.Frame open = c.nextFrame();
                assertThat(open.opcode()).isEqualTo(WebSocketFrames.TEXT);
                assertThat(open.text()).isEqualTo("0{}");
                c.frame(WebSocketFrames.FIN | WebSocketFrames.TEXT, "unmasked? no: masked".getBytes(StandardCharsets.UTF_8), true);
                assertThat(c.readCloseCode()).isEqualTo(1002);
            }
            ws.awaitScript();
        }
        assertThat(RawConnection.upgradeRequest("/p?q", "X: y\r\n").lines().toList())
                .contains("GET /p?q HTTP/1.1", "Upgrade: websocket", "X: y").endsWith("");
        assertThat(WebSocketFrames.closePayload(1000)).containsExactly(0x03, 0xE8);
    }
}
