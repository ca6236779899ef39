// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket.Binary;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code client} profile's contract on the wire (socket.io-client's suite relies on it),
 * spoken frame by frame over a raw WebSocket.
 */
class ClientProfileTest {

    private static final Pattern OFFSET = Pattern.compile("^(4[25].*),\"[^\"]+\"]$");
    private static final Pattern ACK_REQUEST = Pattern.compile("^42(\\d+)\\[\"ack\"]$");

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.CLIENT);

    private static RawWebSocket session(String query) {
        RawWebSocket ws = server.webSocketWithPongs("/socket.io/?EIO=4&transport=websocket" + query);
        String open = ws.nextText();
        assertThat(open).startsWith("0");
        assertThat(Json.parse(open.substring(1)).path("pingInterval").asInt()).isEqualTo(2000);
        return ws;
    }

    private static RawWebSocket connected(String namespace) {
        RawWebSocket ws = session("");
        String prefix = namespace.equals("/") ? "40" : "40" + namespace + ",";
        ws.send(prefix);
        String connect = ws.nextTextSkippingPings();
        assertThat(connect).startsWith(prefix);
        JsonNode body = Json.parse(connect.substring(prefix.length()));
        // Connection state recovery is on: the CONNECT carries the private id too.
        assertThat(body.path("sid").isTextual()).isTrue();
        assertThat(body.path("pid").isTextual()).isTrue();
        return ws;
    }

    /**
     * The next server-emitted event, without the offset that connection state recovery appends
     * to every event emitted without an ack (socket.io 4.8 sends socket.emit through the adapter
     * then, so that the packet can be replayed). The offset must be there.
     */
    private static String event(RawWebSocket ws) {
        String packet = ws.nextTextSkippingPings();
        Matcher offset = OFFSET.matcher(packet);
        assertThat(offset.matches()).as("an offset at the end of %s", packet).isTrue();
        return offset.group(1) + "]";
    }

    @Test
    void mainNamespaceMiddlewareRefusesAQueryWithFail() {
        try (RawWebSocket ws = session("&fail=true")) {
            ws.send("40");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("44{\"message\":\"Auth failed (main namespace)\"}");
        }
    }

    @Test
    void namespaceNoAlwaysRefuses() {
        try (RawWebSocket ws = session("")) {
            ws.send("40/no,");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("44/no,{\"message\":\"Auth failed (custom namespace)\"}");
        }
    }

    @Test
    void unknownNamespaceIsInvalid() {
        try (RawWebSocket ws = session("")) {
            ws.send("40/nope,");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("44/nope,{\"message\":\"Invalid namespace\"}");
        }
    }

    @Test
    void hiEchoAndUtf8() {
        try (RawWebSocket ws = connected("/")) {
            ws.send("42[\"hi\"]");
            assertThat(event(ws)).isEqualTo("42[\"hi\"]");
            ws.send("421[\"echo\",{\"a\":[1,\"b\"]}]");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("431[{\"a\":[1,\"b\"]}]");
            ws.send("42[\"getUtf8\"]");
            for (String expected : ClientSuiteEvents.UTF8_STRINGS) {
                assertThat(event(ws)).isEqualTo("42[\"takeUtf8\",\"" + expected + "\"]");
            }
            ws.send("42[\"false\"]");
            assertThat(event(ws)).isEqualTo("42[\"false\",false]");
        }
    }

    @Test
    void serverAskedAckGetsGotItOnlyForTheRightReply() {
        try (RawWebSocket ws = connected("/")) {
            ws.send("42[\"ack\"]");
            Matcher request = ACK_REQUEST.matcher(ws.nextTextSkippingPings());
            assertThat(request.matches()).isTrue();
            ws.send("43" + request.group(1) + "[5,{\"test\":true}]");
            assertThat(event(ws)).isEqualTo("42[\"got it\"]");

            ws.send("42[\"ack\"]");
            Matcher second = ACK_REQUEST.matcher(ws.nextTextSkippingPings());
            assertThat(second.matches()).isTrue();
            ws.send("43" + second.group(1) + "[4,{\"test\":true}]");
            ws.send("42[\"hi\"]");
            assertThat(event(ws)).isEqualTo("42[\"hi\"]");
        }
    }

    @Test
    void datesAreJavaScriptIsoStrings() {
        try (RawWebSocket ws = connected("/")) {
            ws.send("427[\"getAckDate\",{\"test\":true}]");
            assertThat(ws.nextTextSkippingPings()).matches("437\\[\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"]");
            ws.send("42[\"getDateObj\"]");
            assertThat(event(ws))
                    .matches("42\\[\"takeDateObj\",\\{\"date\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"}]");
        }
    }

    @Test
    void binaryRoundTrips() {
        try (RawWebSocket ws = connected("/")) {
            ws.send("42[\"doge\"]");
            assertThat(event(ws)).isEqualTo("451-[\"doge\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(ws.nextNonPing()).isInstanceOfSatisfying(Binary.class, b ->
                    assertThat(new String(b.bytes(), StandardCharsets.UTF_8)).isEqualTo("asdfasdf"));

            ws.send("451-[\"jsonbuff\",{\"hello\":\"lol\",\"message\":{\"_placeholder\":true,\"num\":0},\"goodbye\":\"gotcha\"}]");
            ws.sendBinary(new byte[] {1, 2});
            assertThat(event(ws)).isEqualTo("42[\"jsonbuff-ack\"]");

            // abuff2 before abuff1 is not acknowledged; the "hi" after it proves nothing came.
            ws.send("42[\"abuff2\"]");
            ws.send("42[\"hi\"]");
            assertThat(event(ws)).isEqualTo("42[\"hi\"]");
            ws.send("451-[\"abuff1\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(new byte[] {3});
            ws.send("42[\"abuff2\"]");
            assertThat(event(ws)).isEqualTo("42[\"abuff2-ack\"]");

            ws.send("451-[\"blob1\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(new byte[] {4});
            ws.send("42[\"blob2\",\"second\"]");
            ws.send("451-[\"blob3\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendBinary(new byte[] {5});
            assertThat(event(ws)).isEqualTo("42[\"blob3-ack\"]");
        }
    }

    @Test
    void namespacesFooAndAbc() {
        try (RawWebSocket ws = session("&marker=m1")) {
            ws.send("40/foo,");
            String connect = ws.nextTextSkippingPings();
            String id = Json.parse(connect.substring("40/foo,".length())).path("sid").asText();
            ws.send("42/foo,3[\"getId\"]");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("43/foo,3[\"" + id + "\"]");

            ws.send("40/abc,{\"token\":\"t\"}");
            assertThat(ws.nextTextSkippingPings()).startsWith("40/abc,");
            String handshake = event(ws);
            assertThat(handshake).startsWith("42/abc,[\"handshake\",");
            JsonNode details = Json.parse(handshake.substring("42/abc,".length())).get(1);
            assertThat(details.path("query").path("marker").asText()).isEqualTo("m1");
            assertThat(details.path("auth").path("token").asText()).isEqualTo("t");
            assertThat(details.path("url").asText()).startsWith("/socket.io/?");
        }
    }
}
