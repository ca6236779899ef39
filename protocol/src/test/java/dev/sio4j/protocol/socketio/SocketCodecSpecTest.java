// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of the Socket.IO protocol v5 specification, each encoded and decoded. */
class SocketCodecSpecTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SocketEncoder encoder = new SocketEncoder();
    private final SocketDecoder decoder = new SocketDecoder();

    private void assertWire(SocketPacket packet, String text, byte[]... attachments) {
        EncodedPacket encoded = encoder.encode(packet);
        assertThat(encoded).isEqualTo(new EncodedPacket(text, List.of(attachments)));
        SocketPacket decoded = decoder.onText(text);
        for (byte[] a : attachments) {
            assertThat(decoded).isNull();
            assertThat(decoder.reconstructing()).isTrue();
            decoded = decoder.onBinary(a);
        }
        assertThat(decoder.reconstructing()).isFalse();
        assertThat(decoded).isEqualTo(packet);
    }

    private static ObjectNode obj(String key, String value) {
        return F.objectNode().put(key, value);
    }

    @Test
    void connectToTheMainNamespace() {
        assertWire(SocketPacket.connect("/", null), "0");
    }

    @Test
    void connectToACustomNamespaceWithAuth() {
        assertWire(SocketPacket.connect("/admin", obj("token", "123")), "0/admin,{\"token\":\"123\"}");
    }

    @Test
    void connectAcceptedWithSid() {
        assertWire(SocketPacket.connect("/", obj("sid", "oSO0OpakMV_3jnilAAAA")), "0{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}");
    }

    @Test
    void connectErrorWithMessage() {
        assertWire(SocketPacket.connectError("/", obj("message", "Not authorized")), "4{\"message\":\"Not authorized\"}");
    }

    @Test
    void connectErrorOnACustomNamespaceWithData() {
        ObjectNode err = obj("message", "Invalid namespace");
        err.set("data", F.objectNode().put("retry", false));
        assertWire(SocketPacket.connectError("/random", err),
                "4/random,{\"message\":\"Invalid namespace\",\"data\":{\"retry\":false}}");
    }

    @Test
    void disconnectFromACustomNamespace() {
        assertWire(SocketPacket.disconnect("/admin"), "1/admin,");
        assertWire(SocketPacket.disconnect("/"), "1");
    }

    @Test
    void eventOnTheMainNamespace() {
        assertWire(SocketPacket.event("/", F.arrayNode().add("hello").add("world")), "2[\"hello\",\"world\"]");
    }

    @Test
    void eventOnACustomNamespace() {
        assertWire(SocketPacket.event("/admin", F.arrayNode().add("project:delete").add(123)),
                "2/admin,[\"project:delete\",123]");
    }

    @Test
    void eventWithAnAcknowledgementId() {
        assertWire(SocketPacket.event("/admin", F.arrayNode().add("project:delete").add(123), 456L),
                "2/admin,456[\"project:delete\",123]");
    }

    @Test
    void acknowledgementWithoutArguments() {
        assertWire(SocketPacket.ack("/admin", 456, F.arrayNode()), "3/admin,456[]");
        assertWire(SocketPacket.ack("/", 1, F.arrayNode()), "31[]");
    }

    @Test
    void binaryEventWithOneAttachment() {
        byte[] bytes = {1, 2, 3};
        ArrayNode data = F.arrayNode().add("hello").add(F.binaryNode(bytes));
        assertWire(SocketPacket.event("/", data), "51-[\"hello\",{\"_placeholder\":true,\"num\":0}]", bytes);
    }

    @Test
    void binaryEventOnACustomNamespace() {
        byte[] bytes = {1, 2, 3};
        ArrayNode data = F.arrayNode().add("project:delete").add(F.binaryNode(bytes));
        assertWire(SocketPacket.event("/admin", data),
                "51-/admin,[\"project:delete\",{\"_placeholder\":true,\"num\":0}]", bytes);
    }

    @Test
    void binaryAcknowledgement() {
        byte[] bytes = {3, 2, 1};
        assertWire(SocketPacket.ack("/admin", 456, F.arrayNode().add(F.binaryNode(bytes))),
                "61-/admin,456[{\"_placeholder\":true,\"num\":0}]", bytes);
    }

    @Test
    void binaryAtNestedPositionsIsNumberedDepthFirstInOrder() {
        byte[] a = {1};
        byte[] b = {2, 2};
        byte[] c = {3, 3, 3};
        ObjectNode inner = F.objectNode();
        inner.set("x", F.binaryNode(a));
        inner.set("list", F.arrayNode().add(F.binaryNode(b)).add(7));
        ArrayNode data = F.arrayNode().add("upload").add(inner).add(F.binaryNode(c));
        assertWire(SocketPacket.event("/", data, 9L),
                "53-9[\"upload\",{\"x\":{\"_placeholder\":true,\"num\":0},\"list\":[{\"_placeholder\":true,\"num\":1},7]},"
                        + "{\"_placeholder\":true,\"num\":2}]", a, b, c);
    }

    @Test
    void attachmentsMayBeReferencedOutOfOrder() throws Exception {
        SocketPacket p = decoder.onText("52-[\"e\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]");
        assertThat(p).isNull();
        assertThat(decoder.onBinary(new byte[] {0})).isNull();
        SocketPacket done = decoder.onBinary(new byte[] {1});
        JsonNode data = done.data();
        assertThat(data.get(1).binaryValue()).containsExactly(1);
        assertThat(data.get(2).binaryValue()).containsExactly(0);
        assertThat(done.type()).isEqualTo(SocketPacketType.EVENT);
    }

    @Test
    void binaryEventWithZeroAttachmentsIsDeliveredAtOnce() {
        SocketPacket p = decoder.onText("50-[\"e\",1]");
        assertThat(p).isEqualTo(SocketPacket.event("/", F.arrayNode().add("e").add(1)));
        assertThat(decoder.reconstructing()).isFalse();
    }

    @Test
    void namespaceWithoutTrailingDataNeedsNoComma() {
        assertThat(decoder.onText("0/admin")).isEqualTo(SocketPacket.connect("/admin", null));
        assertThat(decoder.onText("0/admin,")).isEqualTo(SocketPacket.connect("/admin", null));
    }

    @Test
    void numericEventNameIsAccepted() {
        assertThat(decoder.onText("2[42,\"x\"]").data().get(0).intValue()).isEqualTo(42);
    }

    @Test
    void connectErrorMayBeAPlainString() {
        assertWire(SocketPacket.connectError("/", F.textNode("oops")), "4\"oops\"");
    }

    @Test
    void leadingZerosInAckIdAreReadAsJavaScriptReadsThem() {
        assertThat(decoder.onText("2007[\"e\"]").id()).isEqualTo(7L);
    }

    @Test
    void largestAckIdIsAccepted() {
        assertWire(SocketPacket.event("/", F.arrayNode().add("e"), SocketPacket.MAX_ACK_ID),
                "29007199254740991[\"e\"]");
    }
}
