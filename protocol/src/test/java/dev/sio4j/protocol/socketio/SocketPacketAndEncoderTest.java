// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Programming errors on the sending side: shapes the protocol cannot carry are refused early. */
class SocketPacketAndEncoderTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SocketEncoder encoder = new SocketEncoder();

    @Test
    void binaryTypesAreChosenByTheEncoderNotByTheCaller() {
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.BINARY_EVENT, "/", F.arrayNode().add("e"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.BINARY_ACK, "/", F.arrayNode(), 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespaceMustStartWithSlashAndHoldNoComma() {
        assertThatThrownBy(() -> SocketPacket.disconnect("admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.disconnect("/a,b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.disconnect(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ackIdsOnlyWhereTheProtocolHasThemAndWithinJavaScriptRange() {
        assertThatThrownBy(() -> SocketPacket.event("/", F.arrayNode().add("e"), -1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.event("/", F.arrayNode().add("e"), SocketPacket.MAX_ACK_ID + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.CONNECT, "/", null, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.ACK, "/", F.arrayNode(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataShapeMustFitTheType() {
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.DISCONNECT, "/", F.objectNode(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.EVENT, "/", F.objectNode(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.event("/", F.arrayNode())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SocketPacket(SocketPacketType.CONNECT, "/", F.arrayNode(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.connectError("/", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketPacket.connectError("/", F.numberNode(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryOutsideEventAndAckIsRefusedByTheEncoder() {
        var auth = F.objectNode();
        auth.set("key", F.binaryNode(new byte[] {1}));
        assertThatThrownBy(() -> encoder.encode(SocketPacket.connect("/", auth)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SocketPacket.connectError("/", auth)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventAndAckWithoutBinaryStayPlain() {
        EncodedPacket e = encoder.encode(SocketPacket.ack("/x", 3, F.arrayNode().add("ok")));
        assertThat(e).isEqualTo(new EncodedPacket("3/x,3[\"ok\"]", List.of()));
        assertThat(e.hasAttachments()).isFalse();
    }

    @Test
    void emptyBinaryIsStillAnAttachment() {
        EncodedPacket e = encoder.encode(SocketPacket.event("/", F.arrayNode().add("e").add(F.binaryNode(new byte[0]))));
        assertThat(e.text()).isEqualTo("51-[\"e\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(e.attachments()).hasSize(1);
        assertThat(e.attachments().get(0)).isEmpty();
    }

    @Test
    void decoderLimitsAreValidatedOnce() {
        assertThatThrownBy(() -> DecoderLimits.builder().maxAttachments(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DecoderLimits.builder().maxNestingDepth(1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DecoderLimits.builder().maxNamespaceLength(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        DecoderLimits d = DecoderLimits.defaults();
        assertThat(List.of(d.maxAttachments(), d.maxNestingDepth(), d.maxNumberLength(), d.maxStringLength(),
                d.maxNamespaceLength())).containsExactly(10, 64, 1000, 1_000_000, 256);
    }

    @Test
    void namespaceLengthLimitIsConfigurable() {
        SocketDecoder roomy = new SocketDecoder(DecoderLimits.builder().maxNamespaceLength(20_000).build());
        String ns = "/" + "n".repeat(10_000);
        assertThat(roomy.onText("0" + ns + ",").namespace()).isEqualTo(ns);
    }

    @Test
    void aBinaryEnvelopeWithATwoDigitAttachmentCountIsWrittenAfterTheJson() {
        com.fasterxml.jackson.databind.node.ArrayNode data = F.arrayNode().add("many");
        StringBuilder expected = new StringBuilder("512-/admin,7[\"many\"");
        for (int i = 0; i < 12; i++) {
            data.add(F.binaryNode(new byte[] {(byte) i}));
            expected.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }

        EncodedPacket e = encoder.encode(SocketPacket.event("/admin", data, 7L));

        assertThat(e.text()).isEqualTo(expected.append(']').toString());
        assertThat(e.attachments()).hasSize(12);
        assertThat(encoder.encode(SocketPacket.ack("/", 3, F.arrayNode().add(F.binaryNode(new byte[0])))).text())
                .isEqualTo("61-3[{\"_placeholder\":true,\"num\":0}]");
    }
}
