// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the Engine.IO codec: round trips, and total decoding of arbitrary input. */
class EngineCodecProperties {

    @Provide
    Arbitrary<EnginePacket> packets() {
        Arbitrary<EnginePacket> text = Combinators.combine(
                Arbitraries.of(EnginePacketType.class),
                Arbitraries.strings().all().ofMaxLength(30).map(s -> s.replace(EngineCodec.SEPARATOR, ' ')))
                .as(EnginePacket::of);
        Arbitrary<EnginePacket> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(EnginePacket::binary);
        return Arbitraries.oneOf(text, binary);
    }

    @Property
    void textFrameRoundTrip(@ForAll("packets") EnginePacket packet) {
        assertThat(EngineCodec.decodeText(EngineCodec.encode(packet))).isEqualTo(packet);
    }

    @Property
    void payloadRoundTrip(@ForAll("packetLists") List<EnginePacket> packets) {
        String body = EngineCodec.encodePayload(packets);
        assertThat(EngineCodec.decodePayload(body, packets.size())).isEqualTo(packets);
    }

    @Provide
    Arbitrary<List<EnginePacket>> packetLists() {
        return packets().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789b\u001eAQID=+/-_ x").ofMaxLength(40));
    }

    @Property(tries = 1000)
    void anyTextEitherDecodesOrThrowsEngineParseException(@ForAll("garbage") String s) {
        try {
            assertThat(EngineCodec.decodeText(s)).isNotNull();
        } catch (EngineParseException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        try {
            assertThat(EngineCodec.decodePayload(s, 8)).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        } catch (EngineParseException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property
    void anyBinaryFrameIsABinaryMessage(@ForAll byte[] frame) {
        EnginePacket p = EngineCodec.decodeBinary(frame);
        assertThat(p.isBinary()).isTrue();
        assertThat(p.binary()).isEqualTo(frame);
    }
}
