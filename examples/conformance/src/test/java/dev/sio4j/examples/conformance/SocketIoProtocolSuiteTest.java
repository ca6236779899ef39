// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket.Binary;
import dev.sio4j.testsupport.RawWebSocket.Frame;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Socket.IO cases of the official socket.io-protocol v5 test suite, in our own words, against
 * the {@code protocol} profile's {@code /socket.io/} endpoint over WebSocket. (Its Engine.IO cases
 * are in {@link EngineProtocolSuiteTest}.) See docs/conformance.md.
 */
class SocketIoProtocolSuiteTest {

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.PROTOCOL);

    private static RawWebSocket engineSession() {
        RawWebSocket ws = server.webSocketWithPongs("/socket.io/?EIO=4&transport=websocket");
        assertThat(ws.nextText()).startsWith("0");
        return ws;
    }

    /** An Engine.IO session connected to the main namespace, past the "auth" event. */
    private static RawWebSocket connected() {
        RawWebSocket ws = engineSession();
        ws.send("40");
        assertThat(ws.nextTextSkippingPings()).startsWith("40");
        assertThat(ws.nextTextSkippingPings()).startsWith("42[\"auth\"");
        return ws;
    }

    private static void assertConnectPacket(String text, String prefix) {
        assertThat(text).startsWith(prefix);
        JsonNode body = Json.parse(text.substring(prefix.length()));
        assertThat(body.fieldNames()).toIterable().containsExactly("sid");
        assertThat(body.path("sid").isTextual()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"token\":\"123\"}"})
    void connectsToTheMainNamespaceAndEchoesTheAuthPayload(String auth) {
        try (RawWebSocket ws = engineSession()) {
            ws.send("40" + auth);
            assertConnectPacket(ws.nextTextSkippingPings(), "40");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("42[\"auth\"," + (auth.isEmpty() ? "{}" : auth) + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"token\":\"abc\"}"})
    void connectsToACustomNamespaceAndEchoesTheAuthPayload(String auth) {
        try (RawWebSocket ws = engineSession()) {
            ws.send("40/custom," + auth);
            assertConnectPacket(ws.nextTextSkippingPings(), "40/custom,");
            assertThat(ws.nextTextSkippingPings())
                    .isEqualTo("42/custom,[\"auth\"," + (auth.isEmpty() ? "{}" : auth) + "]");
        }
    }

    @Test
    void refusesAnUnknownNamespace() {
        try (RawWebSocket ws = engineSession()) {
            ws.send("40/random");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        }
    }

    @Test
    void closesOnAnInvalidHandshake() {
        try (RawWebSocket ws = engineSession()) {
            ws.send("4abc");
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isNotNull();
        }
    }

    @Test
    void closesWhenNoNamespaceIsJoinedInTime() {
        try (RawWebSocket ws = engineSession()) {
            // Pongs keep the Engine.IO session alive, so only connectTimeout (1 s) can close it.
            long start = System.nanoTime();
            ws.awaitClose(Duration.ofSeconds(3));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void disconnectingFromTheMainNamespaceKeepsTheSessionQuiet() {
        try (RawWebSocket ws = connected()) {
            ws.send("41");
            assertThat(ws.nextText()).isEqualTo("2");
        }
    }

    @Test
    void leavingACustomNamespaceLeavesTheMainOneWorking() {
        try (RawWebSocket ws = connected()) {
            ws.send("40/custom");
            assertThat(ws.nextTextSkippingPings()).startsWith("40/custom,");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("42/custom,[\"auth\",{}]");
            ws.send("41/custom");
            ws.send("42[\"message\",\"message to main namespace\"]");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
        }
    }

    @Test
    void echoesAPlainTextEvent() {
        try (RawWebSocket ws = connected()) {
            ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
        }
    }

    @Test
    void echoesAnEventWithBinaryAttachments() {
        try (RawWebSocket ws = connected()) {
            ws.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.sendBinary(new byte[] {4, 5, 6});
            assertThat(ws.nextTextSkippingPings())
                    .isEqualTo("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertBinary(ws.nextNonPing(), 1, 2, 3);
            assertBinary(ws.nextNonPing(), 4, 5, 6);
        }
    }

    @Test
    void acksAPlainTextEvent() {
        try (RawWebSocket ws = connected()) {
            ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        }
    }

    @Test
    void acksAnEventWithBinaryAttachments() {
        try (RawWebSocket ws = connected()) {
            ws.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.sendBinary(new byte[] {4, 5, 6});
            assertThat(ws.nextTextSkippingPings())
                    .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertBinary(ws.nextNonPing(), 1, 2, 3);
            assertBinary(ws.nextNonPing(), 4, 5, 6);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4abc", "42{}", "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"})
    void closesOnAMalformedPacket(String packet) {
        try (RawWebSocket ws = connected()) {
            ws.send(packet);
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isNotNull();
        }
    }

    private static void assertBinary(Frame frame, int... expected) {
        assertThat(frame).isInstanceOfSatisfying(Binary.class, b -> {
            int[] actual = new int[b.bytes().length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = b.bytes()[i];
            }
            assertThat(actual).containsExactly(expected);
        });
    }
}
