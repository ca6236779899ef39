// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.examples.conformance.RawHttp.Reply;
import dev.sio4j.examples.conformance.RawWebSocket.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code engine-client} profile's contract, as engine.io-client's suite relies on it. */
class EngineClientProfileTest {

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.ENGINE_CLIENT);

    @Test
    void handshakeAdvertisesTheProfileSettingsAndSetsTheFourCookies() {
        Reply reply = server.http().get("/engine.io/?EIO=4&transport=polling");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode open = Json.parse(reply.body().substring(1));
        assertThat(open.path("pingInterval").asInt()).isEqualTo(500);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(100);
        List<String> cookies = reply.headers().getOrDefault("set-cookie", List.of());
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
    void saysHiThenEchoesOverPolling() {
        String sid = server.http().openPollingSession("/engine.io/");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(server.http().get(url).body()).isEqualTo("4hi");
        assertThat(server.http().post(url, "4hello").status()).isEqualTo(200);
        assertThat(server.http().get(url).body()).isEqualTo("4hello");
    }

    @Test
    void answersTheCommandsOverWebSocket() {
        try (RawWebSocket ws = RawWebSocket.openWithPongs(server.address(), "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("4hi");
            ws.send("4give binary");
            assertThat(ws.nextSkippingPings()).isInstanceOfSatisfying(Binary.class,
                    b -> assertThat(b.bytes()).containsExactly(0, 1, 2, 3, 4));
            ws.send("4give utf8");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("4" + EngineClientProfile.UTF8_SENTENCE);
            ws.send(new byte[] {9, 8});
            assertThat(ws.nextSkippingPings()).isInstanceOfSatisfying(Binary.class,
                    b -> assertThat(b.bytes()).containsExactly(9, 8));
        }
    }

    @Test
    void sendHeadersAnswersTheHeadersOfThePostThatCarriedIt() {
        String sid = server.http().openPollingSession("/engine.io/");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(server.http().get(url).body()).isEqualTo("4hi");
        assertThat(server.http().post(url, "4sendHeaders", Map.of("Cookie", "1=1; 2=2", "X-Probe", "p")).status())
                .isEqualTo(200);
        String reply = server.http().get(url).body();
        assertThat(reply).startsWith("4");
        JsonNode headers = Json.parse(reply.substring(1));
        assertThat(headers.path("cookie").asText()).isEqualTo("1=1; 2=2");
        assertThat(headers.path("x-probe").asText()).isEqualTo("p");
    }

    @Test
    void refusesAHandshakeWhoseQueryHasDeny() {
        Reply reply = server.http().get("/engine.io/?EIO=4&transport=polling&deny=1");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(Json.parse(reply.body()).path("code").asInt()).isEqualTo(4);
        try (RawWebSocket ws = RawWebSocket.open(server.address(), "/engine.io/?EIO=4&transport=websocket&deny")) {
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isNotNull();
        }
    }

    @Test
    void refusesAPostOverMaxHttpBufferSize() {
        String sid = server.http().openPollingSession("/engine.io/");
        Reply reply = server.http().post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(200));
        assertThat(reply.status()).isEqualTo(413);
    }

    /**
     * engine.io-client's suite checks the close event of a WebSocket message over
     * maxHttpBufferSize: code 1009 ("Message Too Big") and an empty reason, as Node's ws sends it.
     */
    @Test
    void aWebSocketMessageOverMaxHttpBufferSizeClosesWith1009AndNoReason() {
        try (RawWebSocket ws = RawWebSocket.open(server.address(), "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.send("4" + "a".repeat(100));
            RawWebSocket.Closed closed = ws.awaitClose(RawWebSocket.WAIT);
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.reason()).isEmpty();
        }
    }

    @Test
    void answersOtherPathsWith404() {
        assertThat(server.http().get("/elsewhere").status()).isEqualTo(404);
        assertThat(server.http().post("/elsewhere", "body").status()).isEqualTo(404);
    }
}
