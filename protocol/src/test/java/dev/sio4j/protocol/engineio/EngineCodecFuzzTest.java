// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target of the Engine.IO decoders: a polling payload (packets joined by 0x1E, binary as
 * {@code b} + base64) and the same text as one WebSocket text frame.
 *
 * <p>Invariants: only {@link EngineParseException} escapes; a decoded payload holds between 1 and
 * {@code maxPackets} packets, and encoding them again gives a payload (and frames) that decode to
 * the same packets.
 *
 * <p>Plain {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/sio4j/protocol/engineio/EngineCodecFuzzTestInputs}; fuzzing as in
 * docs/fuzzing.md.
 */
class EngineCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void payloadDecoder(FuzzedDataProvider data) {
        int maxPackets = data.consumeInt(1, 16);
        String payload = data.consumeRemainingAsString();
        decodeAsFrame(payload);
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(payload, maxPackets);
        } catch (EngineParseException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(packets).isNotEmpty().hasSizeLessThanOrEqualTo(maxPackets);
        assertThat(EngineCodec.decodePayload(EngineCodec.encodePayload(packets), maxPackets)).isEqualTo(packets);
        for (EnginePacket p : packets) {
            assertThat(EngineCodec.decodeText(EngineCodec.encode(p))).isEqualTo(p);
        }
    }

    private static void decodeAsFrame(String frame) {
        EnginePacket p;
        try {
            p = EngineCodec.decodeText(frame);
        } catch (EngineParseException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(EngineCodec.decodeText(EngineCodec.encode(p))).isEqualTo(p);
        if (!p.isBinary()) {
            assertThat(EngineCodec.encode(p)).isEqualTo(frame);
        }
    }
}
