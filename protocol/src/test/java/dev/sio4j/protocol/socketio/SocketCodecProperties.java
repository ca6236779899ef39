// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.ProtocolException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of the Socket.IO codec: round trips, and total decoding of arbitrary input. */
class SocketCodecProperties {

    private final SocketEncoder encoder = new SocketEncoder();

    @Provide
    Arbitrary<SocketPacket> packets() {
        return PacketArbitraries.packets();
    }

    @Property(tries = 500)
    void decodeOfEncodeIsIdentity(@ForAll("packets") SocketPacket packet) {
        EncodedPacket encoded = encoder.encode(packet);
        Statistics.label("type").collect(packet.type());
        Statistics.label("binary").collect(encoded.hasAttachments());
        Statistics.label("namespace").collect(packet.namespace().equals("/") ? "main" : "custom");
        Statistics.label("ack id").collect(packet.id() != null);
        SocketDecoder decoder = new SocketDecoder();
        SocketPacket decoded = decoder.onText(encoded.text());
        for (byte[] attachment : encoded.attachments()) {
            assertThat(decoded).isNull();
            decoded = decoder.onBinary(attachment);
        }
        assertThat(decoded).isEqualTo(packet);
        assertThat(decoder.reconstructing()).isFalse();
        // The generators must keep reaching every shape, or this property proves little.
        Statistics.label("binary").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("namespace").coverage(c -> c.check("custom").percentage(p -> p > 20));
        Statistics.label("ack id").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("type").coverage(c -> {
            for (SocketPacketType t : List.of(SocketPacketType.CONNECT, SocketPacketType.DISCONNECT,
                    SocketPacketType.EVENT, SocketPacketType.ACK, SocketPacketType.CONNECT_ERROR)) {
                c.check(t).percentage(p -> p > 5);
            }
        });
    }

    @Property(tries = 300)
    void encodingIsStableAcrossARoundTrip(@ForAll("packets") SocketPacket packet) {
        EncodedPacket once = encoder.encode(packet);
        SocketDecoder decoder = new SocketDecoder();
        SocketPacket decoded = decoder.onText(once.text());
        for (byte[] attachment : once.attachments()) {
            decoded = decoder.onBinary(attachment);
        }
        assertThat(encoder.encode(decoded)).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> alphabet = Arbitraries.strings()
                .withChars("0123456-/,[]{}\":_placeholdertruenum 9.e+\\\u0000é")
                .ofMaxLength(60);
        Arbitrary<String> prefixed = Arbitraries.of("0", "1", "2", "3", "4", "51-", "62-1", "52-/a,", "2/x,7")
                .flatMap(p -> Arbitraries.oneOf(
                        PacketArbitraries.json(3, false).map(JsonNode::toString),
                        alphabet).map(s -> p + s));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), alphabet, prefixed);
    }

    @Property(tries = 1000)
    void anyTextEitherDecodesOrThrowsAProtocolException(@ForAll("frames") String frame) {
        SocketDecoder decoder = new SocketDecoder();
        try {
            SocketPacket p = decoder.onText(frame);
            assertThat(p != null || decoder.reconstructing()).isTrue();
        } catch (ProtocolException expected) {
            assertThat(decoder.reconstructing()).isFalse();
        }
    }

    @Provide
    Arbitrary<List<Object>> frameSequences() {
        Arbitrary<Object> text = frames().map(s -> (Object) s);
        Arbitrary<Object> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> (Object) b);
        return Arbitraries.oneOf(text, binary).list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void anyFrameSequenceEitherDecodesOrThrowsAProtocolException(@ForAll("frameSequences") List<Object> frames) {
        SocketDecoder decoder = new SocketDecoder();
        for (Object frame : frames) {
            try {
                if (frame instanceof String s) {
                    decoder.onText(s);
                } else {
                    decoder.onBinary((byte[]) frame);
                }
            } catch (ProtocolException expected) {
                assertThat(decoder.reconstructing()).isFalse();
            }
        }
    }
}
