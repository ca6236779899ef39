// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY-CASES rows on the HTTP side (1-5, 7, 10-15, 39, 45-48), each against a real server.
 * Heartbeats are slow here so that only the case under test can close a session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSecurityCasesTest {

    private static final RawClient HTTP = RawClient.shared();

    EchoServer s;

    @BeforeAll
    void start() {
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .maxHttpBufferSize(1000).maxPayloadPackets(50).requestTimeout(Duration.ofMillis(500)));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void row2_transportTricks() throws Exception {
        assertThat(HTTP.get(s.url("EIO=4&transport=__proto__")).body()).contains("\"code\":0");
        assertThat(HTTP.get(s.url("EIO=4&transport[]=x")).body()).contains("\"code\":0");
        assertThat(HTTP.get(s.url("EIO=4&transport=polling&transport=websocket")).body()).contains("\"code\":3");
    }

    @Test
    void row4_websocketTransportWithoutUpgrade() throws Exception {
        HttpResponse<String> r = HTTP.get(s.url("EIO=4&transport=websocket"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"code\":3,\"message\":\"Bad request\",\"id\":\"");
    }

    @Test
    void row5_unknownSid() throws Exception {
        HttpResponse<String> r = HTTP.get(s.pollUrl("forged"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=websocket&sid=forged HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").endsWith("Session ID unknown");
        }
    }

    @Test
    void row7_transportMismatch() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.get(s.url("EIO=4&transport=websocket&sid=" + sid)).body()).contains("\"code\":3");
    }

    @Test
    void row11_overlappingPostsCloseTheSession() throws Exception {
        String sid = s.openPolling();
        try (RawConnection first = RawConnection.open(s.address)) {
            // A POST whose body never completes stays in flight.
            first.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n4he");
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> {
                HttpResponse<String> second = HTTP.post(s.pollUrl(sid), "4x");
                return second.statusCode() == 400;
            });
            assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void row12_binaryContentTypeIsRefusedAndEnded() throws Exception {
        String sid = s.openPolling();
        HttpResponse<String> r = HTTP.send(HTTP.request(s.pollUrl(sid))
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("4hello")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(s.closeOf(sid).description()).isEqualTo("invalid content");
    }

    @Test
    void row13_oversizedPostGets413OnTheHeader() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413");
            assertThat(raw.closedByServer()).isTrue();
        }
        // Chunked: refused once the running count passes the limit.
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "4" + "a".repeat(599);
            raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413");
        }
        // The session itself survives (engine.io only drops the message).
        assertThat(HTTP.post(s.pollUrl(sid), "4ok").statusCode()).isEqualTo(200);
    }

    @Test
    void row14_packetCountCap() throws Exception {
        String sid = s.openPolling();
        assertThat(HTTP.post(s.pollUrl(sid), "6\u001e".repeat(60) + "6").statusCode()).isEqualTo(400);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void row15_badPacketsCloseWithParseError() throws Exception {
        for (String bad : new String[] {"x", "9", "4a\u001e\u001e4b", "b!!!"}) {
            String sid = s.openPolling();
            assertThat(HTTP.post(s.pollUrl(sid), bad).statusCode()).isEqualTo(400);
            assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.PARSE_ERROR);
            assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void row10_cancelledPollClosesWithTransportError() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> SessionProbe.hasPendingGet(socket));
        }
        EchoServer.Closed c = s.closeOf(sid);
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("poll connection closed prematurely");
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void row49_postConnectionClosedMidBodyClosesWithTransportError() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n4half");
            EngineSocket socket = s.socketOf(sid);
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> SessionProbe.hasPostInFlight(socket));
            assertThat(socket.isOpen()).isTrue();
        }
        EchoServer.Closed c = s.closeOf(sid);
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("data request connection closed prematurely");
    }

    @Test
    void row39_invalidUtf8BecomesReplacementCharacter() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            byte[] body = {'4', 'a', (byte) 0xff, (byte) 0xfe, 'b'};
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length + "\r\n\r\n");
            raw.write(body);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4a\uFFFD\uFFFDb");
    }

    @Test
    void row45_slowlorisIsCutOff() throws Exception {
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void row46_oversizedHeadersAndUrl() throws Exception {
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 431");
        }
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling&x=" + "a".repeat(8192) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 414");
        }
    }

    @Test
    void row46_tooManyHeadersGet431AndClose() throws Exception {
        // Well within maxHeaderSize (16 KiB), but 200 header lines; the default cap is 100.
        String polling = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n";
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write(polling + "X-h: v\r\n".repeat(199) + "\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 431");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", "X-h: v\r\n".repeat(195)));
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 431");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /elsewhere HTTP/1.1\r\nHost: x\r\n" + "X-h: v\r\n".repeat(199) + "\r\n");
            assertThat(raw.readResponse()).as("outside the path too").startsWith("HTTP/1.1 431");
        }
        // Exactly at the cap: served.
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write(polling + "X-h: v\r\n".repeat(99) + "\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").contains("0{\"sid\"");
        }
        assertThat(HTTP.post(s.pollUrl(s.openPolling()), "4healthy").body()).isEqualTo("ok");
    }

    @Test
    void row47_badWebSocketHandshakes() throws Exception {
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426");
        }
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
        assertThat(s.server.clientsCount()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "row 47: Sec-WebSocket-Key {0}")
    @ValueSource(strings = {"abc", "AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAA==",
        "dGhlIHNhbXBsZSBub25jZQ!=", "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="})
    void row47_aKeyThatIsNotBase64Of16BytesGets400(String key) throws Exception {
        // As ws: the key must be the base64 form of 16 bytes (22 characters and "=="), given once.
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").endsWith("Invalid Sec-WebSocket-Key");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawConnection healthy = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(healthy.nextFrame().text()).startsWith("0{\"sid\"");
        }
    }

    @Test
    void row48_smugglingIsRefused() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                    + "Content-Length: 4\r\n\r\n4abc");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void unknownPathsGet404WithoutFallback() throws Exception {
        HttpResponse<String> r = HTTP.get("http://127.0.0.1:" + s.address.getPort() + "/index.html");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("Not Found");
    }
}
