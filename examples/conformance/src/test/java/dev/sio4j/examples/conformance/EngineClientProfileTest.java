// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket.Binary;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code engine-client} profile's contract, as engine.io-client's suite relies on it. */
class EngineClientProfileTest {

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.ENGINE_CLIENT);

    @Test
    void handshakeAdvertisesTheProfileSettingsAndSetsTheFourCookies() throws Exception {
        var reply = server.http().get("/engine.io/?EIO=4&transport=polling");
        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode open = Json.parse(reply.body().substring(1));
        assertThat(open.path("pingInterval").asInt()).isEqualTo(500);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(100);
        List<String> cookies = reply.headers().allValues("set-cookie");
        assertThat(cookies).hasSize(4);
        assertThat(cookies.subList(0, 3)).containsExactly(
                "1=1; Max-Age=86400", "2=2; Path=/; HttpOnly; Secure; SameSite=Strict", "3=3; Max-Age=0");
        assertThat(cookies.get(3)).matches("4=4; Expires=\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void theExpiringCookieCarriesAnImfFixdateOnADayWithOneDigit() {
        assertThat(EngineClientProfile.cookies(Instant.parse("2026-12-06T14:19:35Z")))
                .last().isEqualTo("4=4; Expires=Sun, 06 Dec 2026 14:19:35 GMT");
    }

    @Test
    void saysHiThenEchoesOverPolling() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(server.http().get(url).body()).isEqualTo("4hi");
        assertThat(server.http().post(url, "4hello").statusCode()).isEqualTo(200);
        assertThat(server.http().get(url).body()).isEqualTo("4hello");
    }

    @Test
    void answersTheCommandsOverWebSocket() {
        try (RawWebSocket ws = server.webSocketWithPongs("/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("4hi");
            ws.send("4give binary");
            assertThat(ws.nextNonPing()).isInstanceOfSatisfying(Binary.class,
                    b -> assertThat(b.bytes()).containsExactly(0, 1, 2, 3, 4));
            ws.send("4give utf8");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("4" + EngineClientProfile.UTF8_SENTENCE);
            ws.sendBinary(new byte[] {9, 8});
            assertThat(ws.nextNonPing()).isInstanceOfSatisfying(Binary.class,
                    b -> assertThat(b.bytes()).containsExactly(9, 8));
        }
    }

    @Test
    void sendHeadersAnswersTheHeadersOfThePostThatCarriedIt() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(server.http().get(url).body()).isEqualTo("4hi");
        assertThat(server.http().post(url, "4sendHeaders", "Cookie", "1=1; 2=2", "X-Probe", "p").statusCode())
                .isEqualTo(200);
        String reply = server.http().get(url).body();
        assertThat(reply).startsWith("4");
        JsonNode headers = Json.parse(reply.substring(1));
        assertThat(headers.path("cookie").asText()).isEqualTo("1=1; 2=2");
        assertThat(headers.path("x-probe").asText()).isEqualTo("p");
    }

    @Test
    void refusesAHandshakeWhoseQueryHasDeny() throws Exception {
        var reply = server.http().get("/engine.io/?EIO=4&transport=polling&deny=1");
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(Json.parse(reply.body()).path("code").asInt()).isEqualTo(4);
        try (RawWebSocket ws = server.webSocket("/engine.io/?EIO=4&transport=websocket&deny")) {
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isNotNull();
        }
    }

    @Test
    void refusesAPostOverMaxHttpBufferSize() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        var reply = server.http().post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(200));
        assertThat(reply.statusCode()).isEqualTo(413);
    }

    /**
     * engine.io-client's suite checks the close event of a WebSocket message over
     * maxHttpBufferSize: code 1009 ("Message Too Big") and an empty reason, as Node's ws sends it.
     */
    @Test
    void aWebSocketMessageOverMaxHttpBufferSizeClosesWith1009AndNoReason() {
        try (RawWebSocket ws = server.webSocket("/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.send("4" + "a".repeat(100));
            RawWebSocket.Closed closed = ws.awaitClose(RawWebSocket.WAIT);
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.reason()).isEmpty();
        }
    }

    @Test
    void answersOtherPathsWith404() throws Exception {
        assertThat(server.http().get("/elsewhere").statusCode()).isEqualTo(404);
        assertThat(server.http().post("/elsewhere", "body").statusCode()).isEqualTo(404);
    }
}
