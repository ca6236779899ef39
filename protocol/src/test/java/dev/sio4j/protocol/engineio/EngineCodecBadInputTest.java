// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.protocol.engineio.EngineParseException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY-CASES rows 14 and 15: bad Engine.IO packets and payloads. */
class EngineCodecBadInputTest {

    private static Reason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (EngineParseException e) {
            return e.reason();
        }
        throw new AssertionError("no EngineParseException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "9", "7", "/", "a", "\u0000", "\uffff", "é"})
    void row15UnknownTypeIsRefused(String frame) {
        assertThat(reasonOf(() -> EngineCodec.decodeText(frame + "data"))).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("4ok\u001e" + frame, 10))).isEqualTo(Reason.UNKNOWN_TYPE);
    }

    @Test
    void row15EmptyPacketIsRefused() {
        assertThat(reasonOf(() -> EngineCodec.decodeText(""))).isEqualTo(Reason.EMPTY_PACKET);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("", 10))).isEqualTo(Reason.EMPTY_PACKET);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("6\u001e\u001e6", 10))).isEqualTo(Reason.EMPTY_PACKET);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("6\u001e", 10))).isEqualTo(Reason.EMPTY_PACKET);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("\u001e6", 10))).isEqualTo(Reason.EMPTY_PACKET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"b!!!!", "bA", "bAQ=D", "bAQIDBA===", "bAQ ID", "b€€€€", "bAQ-_"})
    void row15BadBase64IsRefused(String frame) {
        assertThat(reasonOf(() -> EngineCodec.decodeText(frame))).isEqualTo(Reason.BAD_BASE64);
        assertThat(reasonOf(() -> EngineCodec.decodePayload("2\u001e" + frame, 10))).isEqualTo(Reason.BAD_BASE64);
    }

    @Test
    void row14HugeCountOfTinyPacketsIsRefusedByTheCap() {
        String body = "6\u001e".repeat(300_000) + "6";
        assertThat(body.length()).isGreaterThan(500_000);
        assertThatThrownBy(() -> EngineCodec.decodePayload(body, 1000))
                .isInstanceOfSatisfying(EngineParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PACKETS));
    }

    @Test
    void row14PayloadAtTheCapIsAccepted() {
        String body = "6\u001e".repeat(999) + "6";
        List<EnginePacket> packets = EngineCodec.decodePayload(body, 1000);
        assertThat(packets).hasSize(1000).allMatch(p -> p.type() == EnginePacketType.NOOP);
        assertThat(reasonOf(() -> EngineCodec.decodePayload(body + "\u001e6", 1000)))
                .isEqualTo(Reason.TOO_MANY_PACKETS);
    }

    @Test
    void nonPositiveCapIsAProgrammingError() {
        assertThatThrownBy(() -> EngineCodec.decodePayload("6", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryOnlyOnAMessageWithoutText() {
        assertThatThrownBy(() -> new EnginePacket(EnginePacketType.PING, "", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnginePacket(EnginePacketType.MESSAGE, "x", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnginePacket.message(null)).isInstanceOf(NullPointerException.class);
    }
}
