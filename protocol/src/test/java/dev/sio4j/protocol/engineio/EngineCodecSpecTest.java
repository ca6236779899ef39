// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of the Engine.IO protocol v4 specification, section "Encoding". */
class EngineCodecSpecTest {

    @Test
    void openPacketCarriesHandshakeJson() {
        String json = "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";
        EnginePacket open = EnginePacket.of(EnginePacketType.OPEN, json);
        assertThat(EngineCodec.encode(open)).isEqualTo("0" + json);
        assertThat(EngineCodec.decodeText("0" + json)).isEqualTo(open);
    }

    @Test
    void closePacketHasNoData() {
        assertThat(EngineCodec.encode(EnginePacket.of(EnginePacketType.CLOSE))).isEqualTo("1");
        assertThat(EngineCodec.decodeText("1")).isEqualTo(EnginePacket.of(EnginePacketType.CLOSE));
    }

    @Test
    void pingAndPongHeartbeat() {
        assertThat(EngineCodec.encode(EnginePacket.of(EnginePacketType.PING))).isEqualTo("2");
        assertThat(EngineCodec.decodeText("3")).isEqualTo(EnginePacket.of(EnginePacketType.PONG));
    }

    @Test
    void probePingAndPongDuringUpgrade() {
        assertThat(EngineCodec.decodeText("2probe")).isEqualTo(EnginePacket.of(EnginePacketType.PING, "probe"));
        assertThat(EngineCodec.encode(EnginePacket.of(EnginePacketType.PONG, "probe"))).isEqualTo("3probe");
    }

    @Test
    void upgradeAndNoop() {
        assertThat(EngineCodec.decodeText("5")).isEqualTo(EnginePacket.of(EnginePacketType.UPGRADE));
        assertThat(EngineCodec.encode(EnginePacket.of(EnginePacketType.NOOP))).isEqualTo("6");
    }

    @Test
    void textMessageOverWebSocket() {
        assertThat(EngineCodec.encode(EnginePacket.message("hello"))).isEqualTo("4hello");
        EnginePacket decoded = EngineCodec.decodeText("4hello");
        assertThat(decoded.type()).isEqualTo(EnginePacketType.MESSAGE);
        assertThat(decoded.text()).isEqualTo("hello");
        assertThat(decoded.binary()).isNull();
    }

    @Test
    void binaryMessageOverWebSocketIsARawFrame() {
        EnginePacket decoded = EngineCodec.decodeBinary(new byte[] {1, 2, 3, 4});
        assertThat(decoded.isBinary()).isTrue();
        assertThat(decoded.type()).isEqualTo(EnginePacketType.MESSAGE);
        assertThat(decoded.binary()).containsExactly(1, 2, 3, 4);
        assertThat(decoded.text()).isEmpty();
    }

    @Test
    void pollingPayloadWithTextUtf8AndBinary() {
        List<EnginePacket> packets = List.of(
                EnginePacket.message("hello"),
                EnginePacket.message("€"),
                EnginePacket.binary(new byte[] {1, 2, 3, 4}));
        String body = "4hello\u001e4€\u001ebAQIDBA==";
        assertThat(EngineCodec.encodePayload(packets)).isEqualTo(body);
        assertThat(EngineCodec.decodePayload(body, 16)).isEqualTo(packets);
    }

    @Test
    void pollingPayloadOfOnePacketHasNoSeparator() {
        assertThat(EngineCodec.encodePayload(List.of(EnginePacket.of(EnginePacketType.PING)))).isEqualTo("2");
        assertThat(EngineCodec.decodePayload("6", 1)).containsExactly(EnginePacket.of(EnginePacketType.NOOP));
    }

    @Test
    void base64TextFrameIsABinaryMessageAsInEngineIoParser() {
        assertThat(EngineCodec.decodeText("bAQIDBA==")).isEqualTo(EnginePacket.binary(new byte[] {1, 2, 3, 4}));
        assertThat(EngineCodec.decodeText("bAQIDBA")).isEqualTo(EnginePacket.binary(new byte[] {1, 2, 3, 4}));
        assertThat(EngineCodec.decodeText("b")).isEqualTo(EnginePacket.binary(new byte[0]));
    }

    @Test
    void base64WithLineBreaksAsSocketIoClientJavaWritesItIsABinaryMessage() {
        // engine.io-client-java 2.x: Android's Base64.DEFAULT, a LF every 76 characters and at the end.
        byte[] bytes = new byte[60];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
        String wrapped = base64.substring(0, 76) + "\n" + base64.substring(76) + "\n";
        assertThat(EngineCodec.decodeText("b" + wrapped)).isEqualTo(EnginePacket.binary(bytes));
        assertThat(EngineCodec.decodePayload("bAQID\n\u001e4x\u001ebAQ\r\nID", 10)).containsExactly(
                EnginePacket.binary(new byte[] {1, 2, 3}), EnginePacket.message("x"), EnginePacket.binary(new byte[] {1, 2, 3}));
    }

    @Test
    void messageDataIsKeptVerbatimIncludingDigitsAndSeparatorsLikeCharacters() {
        assertThat(EngineCodec.decodeText("4")).isEqualTo(EnginePacket.message(""));
        assertThat(EngineCodec.decodeText("442[\"x\"]").text()).isEqualTo("42[\"x\"]");
    }
}
