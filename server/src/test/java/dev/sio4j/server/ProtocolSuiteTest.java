// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Socket.IO half of the official socket.io-protocol v5 suite (16 cases: connect,
 * disconnect, message), with exact wire frames, against the "protocol" profile. One test per
 * case of the suite, named after it; the Engine.IO half is {@link ProtocolSuiteEngineTest}.
 */
class ProtocolSuiteTest extends ProtocolProfileBase {

    private static final String PLACEHOLDERS = "{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}";

    /** Asserts {@code frame} is a CONNECT answer for {@code prefix} whose payload has exactly one key, sid. */
    private static void assertConnectAnswer(String frame, String prefix) throws Exception {
        assertThat(frame).startsWith(prefix);
        JsonNode handshake = JSON.readTree(frame.substring(prefix.length()));
        List<String> keys = new ArrayList<>();
        handshake.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("sid");
        assertThat(handshake.get("sid").isTextual()).isTrue();
    }

    // ---- connect ----

    @Test
    void connectsToTheMainNamespace() throws Exception {
        RawWebSocket r = ws(true);
        r.send("40");
        assertConnectAnswer(r.nextTextSkippingPings(), "40");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42[\"auth\",{}]");
    }

    @Test
    void connectsToTheMainNamespaceWithAPayload() throws Exception {
        RawWebSocket r = ws(true);
        r.send("40{\"token\":\"123\"}");
        assertConnectAnswer(r.nextTextSkippingPings(), "40");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
    }

    @Test
    void connectsToACustomNamespace() throws Exception {
        RawWebSocket r = ws(true);
        r.send("40/custom,");
        assertConnectAnswer(r.nextTextSkippingPings(), "40/custom,");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42/custom,[\"auth\",{}]");
    }

    @Test
    void connectsToACustomNamespaceWithAPayload() throws Exception {
        RawWebSocket r = ws(true);
        r.send("40/custom,{\"token\":\"abc\"}");
        assertConnectAnswer(r.nextTextSkippingPings(), "40/custom,");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
    }

    @Test
    void refusesAnUnknownNamespace() {
        RawWebSocket r = ws(true);
        r.send("40/random");
        assertThat(r.nextTextSkippingPings()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        assertThat(r.closed()).isNotDone();
    }

    @Test
    void closesUponAnInvalidHandshake() {
        RawWebSocket r = ws(true);
        r.send("4abc");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void closesWhenNoHandshakeIsReceived() {
        RawWebSocket r = ws(true);
        // connectTimeout is 1 s; pings keep the engine session alive until then
        assertThat(r.awaitClosed(Duration.ofSeconds(4))).isTrue();
    }

    // ---- disconnect ----

    @Test
    void disconnectsFromTheMainNamespace() {
        RawWebSocket r = connectedWs();
        r.send("41");
        // nothing is answered: the next frame is the server's ping, and the session stays open
        assertThat(r.nextFrame().text()).isEqualTo("2");
        assertThat(r.closed()).isNotDone();
    }

    @Test
    void connectsThenDisconnectsFromACustomNamespace() throws Exception {
        RawWebSocket r = connectedWs();
        r.send("40/custom");
        assertConnectAnswer(r.nextTextSkippingPings(), "40/custom,");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42/custom,[\"auth\",{}]");
        r.send("41/custom");
        r.send("42[\"message\",\"message to main namespace\"]");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
    }

    // ---- message ----

    @Test
    void sendsAPlainTextPacket() {
        RawWebSocket r = connectedWs();
        r.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
        assertThat(r.nextTextSkippingPings()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    }

    @Test
    void sendsAPacketWithBinaryAttachments() {
        RawWebSocket r = connectedWs();
        r.send("452-[\"message\"," + PLACEHOLDERS + "]");
        r.sendBinary((byte) 1, (byte) 2, (byte) 3).sendBinary((byte) 4, (byte) 5, (byte) 6);
        assertThat(r.nextTextSkippingPings()).isEqualTo("452-[\"message-back\"," + PLACEHOLDERS + "]");
        assertThat(r.nextNonPing().bytes()).containsExactly(1, 2, 3);
        assertThat(r.nextNonPing().bytes()).containsExactly(4, 5, 6);
    }

    @Test
    void sendsAPlainTextPacketWithAnAck() {
        RawWebSocket r = connectedWs();
        r.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertThat(r.nextTextSkippingPings()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
    }

    @Test
    void sendsAPacketWithBinaryAttachmentsAndAnAck() {
        RawWebSocket r = connectedWs();
        r.send("452-789[\"message-with-ack\"," + PLACEHOLDERS + "]");
        r.sendBinary((byte) 1, (byte) 2, (byte) 3).sendBinary((byte) 4, (byte) 5, (byte) 6);
        assertThat(r.nextTextSkippingPings()).isEqualTo("462-789[" + PLACEHOLDERS + "]");
        assertThat(r.nextNonPing().bytes()).containsExactly(1, 2, 3);
        assertThat(r.nextNonPing().bytes()).containsExactly(4, 5, 6);
    }

    @Test
    void closesUponAnUnknownPacketType() {
        RawWebSocket r = connectedWs();
        r.send("4abc");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void closesUponAnInvalidPayloadFormat() {
        RawWebSocket r = connectedWs();
        r.send("42{}");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void closesUponAnInvalidAckId() {
        RawWebSocket r = connectedWs();
        r.send("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertThat(r.awaitClosed(Duration.ofSeconds(3))).isTrue();
    }

    // ---- beyond the suite: the same exchange over HTTP long-polling ----

    /** Polls until {@code count} non-ping packets arrived, answering pings. */
    private List<String> pollPackets(String q, int count) {
        List<String> received = new ArrayList<>();
        while (received.size() < count) {
            Reply poll = get(q);
            assertThat(poll.status()).as("poll after %s", received).isEqualTo(200);
            for (String packet : poll.body().split("\u001e")) {
                if (packet.equals("2")) {
                    assertThat(post(q, "3").status()).isEqualTo(200);
                } else {
                    received.add(packet);
                }
            }
        }
        assertThat(received).hasSize(count);
        return received;
    }

    @Test
    void connectsAndExchangesEventsOverLongPolling() {
        String q = "EIO=4&transport=polling&sid=" + pollingSession();
        assertThat(post(q, "40{\"token\":\"p\"}").status()).isEqualTo(200);
        List<String> connect = pollPackets(q, 2);
        assertThat(connect.get(0)).matches("40\\{\"sid\":\"[^\"]+\"}");
        assertThat(connect.get(1)).isEqualTo("42[\"auth\",{\"token\":\"p\"}]");
        assertThat(post(q, "42[\"message\",\"over polling\"]\u001e42[\"message\",2]").status()).isEqualTo(200);
        assertThat(pollPackets(q, 2)).containsExactly("42[\"message-back\",\"over polling\"]", "42[\"message-back\",2]");
    }

    /**
     * An EVENT in the same payload as its namespace's CONNECT arrives before the namespace has
     * accepted the socket: socket.io 4.8 closes the connection as "invalid state" (its clients
     * wait for the CONNECT answer), and so does sio4j.
     */
    @Test
    void anEventBeforeTheConnectAnswerClosesTheSession() {
        String q = "EIO=4&transport=polling&sid=" + pollingSession();
        assertThat(post(q, "40\u001e42[\"message\",\"too early\"]").status()).isEqualTo(200);
        Reply poll = get(q);
        assertThat(poll.status() == 400 || poll.body().endsWith("1")).as("closed: %s", poll).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> io.clientsCount() == 0);
    }
}
