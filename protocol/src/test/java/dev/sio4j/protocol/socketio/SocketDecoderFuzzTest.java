// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * Fuzz target of the Socket.IO decoder, binary reconstruction included: a sequence of text and
 * binary frames fed to one {@link SocketDecoder}, under the default limits or small ones (so
 * that every limit is within the fuzzer's reach).
 *
 * <p>Invariants: only {@link SocketParseException} escapes, and it leaves the decoder empty; a
 * text frame that returns nothing leaves a packet waiting for attachments; a finished packet is
 * never typed BINARY_EVENT/BINARY_ACK and carries every attachment received for it; it encodes
 * without error, and when its numbers are finite, to frames that decode under the same limits to
 * a packet that encodes to the same frames again and that equals the first packet unless its
 * numbers do not survive JavaScript's JSON (a double such as {@code 1.0} or {@code -0.0}, an
 * integer beyond 2^53). A number too large for a double ({@code 1e400}) is Infinity, as in
 * JavaScript, which JSON writes as {@code null}: as the event name (socket.io-parser accepts any
 * number there) it cannot come back.
 *
 * <p>Plain {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/sio4j/protocol/socketio/SocketDecoderFuzzTestInputs}; fuzzing as
 * in docs/fuzzing.md.
 */
class SocketDecoderFuzzTest {

    /**
     * Limits within the fuzzer's reach. Numbers may be 25 characters long: the longest way
     * JavaScript writes a double ({@code -2.2250738585072014e-308}, 24), so that a number read
     * within the limit is still within it once written again ({@code 8e20} comes back as 21 digits).
     */
    private static final DecoderLimits SMALL = DecoderLimits.builder().maxAttachments(3).maxNestingDepth(4)
            .maxNumberLength(25).maxStringLength(40).maxNamespaceLength(12).build();
    private static final int MAX_FRAMES = 16;

    private final SocketEncoder encoder = new SocketEncoder();

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"{\"_placeholder\":true,\"num\":0}", "\"_placeholder\"", "\"num\":", "51-[\"e\",", "62-1["})
    void decoderWithBinaryReconstruction(FuzzedDataProvider data) {
        DecoderLimits limits = data.consumeBoolean() ? SMALL : DecoderLimits.defaults();
        SocketDecoder decoder = new SocketDecoder(limits);
        int attachmentsSinceText = 0;
        for (int i = 0; i < MAX_FRAMES && data.remainingBytes() > 0; i++) {
            boolean text = data.consumeBoolean();
            SocketPacket packet;
            try {
                if (text) {
                    attachmentsSinceText = 0;
                    packet = decoder.onText(data.consumeString(2000));
                } else {
                    attachmentsSinceText++;
                    packet = decoder.onBinary(data.consumeBytes(data.consumeInt(0, 32)));
                }
            } catch (SocketParseException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(decoder.reconstructing()).as("a refused frame leaves no partial packet").isFalse();
                continue;
            }
            if (packet == null) {
                assertThat(decoder.reconstructing()).isTrue();
                continue;
            }
            assertThat(decoder.reconstructing()).isFalse();
            assertThat(packet.type().isBinary()).isFalse();
            assertReencodes(packet, limits, attachmentsSinceText);
        }
    }

    private void assertReencodes(SocketPacket packet, DecoderLimits limits, int attachments) {
        EncodedPacket once = encoder.encode(packet);
        assertThat(once.attachments()).as("attachments of %s", packet).hasSize(attachments);
        if (!finite(packet.data())) {
            return;
        }
        SocketDecoder fresh = new SocketDecoder(limits);
        SocketPacket again = fresh.onText(once.text());
        for (byte[] attachment : once.attachments()) {
            assertThat(again).isNull();
            again = fresh.onBinary(attachment);
        }
        assertThat(again).as("decoded again from %s", once.text()).isNotNull();
        assertThat(encoder.encode(again)).isEqualTo(once);
        if (exactInJavaScript(packet.data())) {
            assertThat(again).isEqualTo(packet);
        }
    }

    /** Whether every number of {@code data} is finite. */
    private static boolean finite(JsonNode data) {
        return allNumbers(data, n -> !n.isFloatingPointNumber() || Double.isFinite(n.doubleValue()));
    }

    /** Whether every number of {@code data} is an integer that a JavaScript number holds exactly. */
    private static boolean exactInJavaScript(JsonNode data) {
        return allNumbers(data, n -> n.isIntegralNumber() && n.canConvertToLong()
                && Math.abs(n.longValue()) <= SocketPacket.MAX_ACK_ID);
    }

    private static boolean allNumbers(JsonNode data, Predicate<JsonNode> test) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        if (data != null) {
            todo.push(data);
        }
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isNumber() && !test.test(node)) {
                return false;
            }
            node.forEach(todo::push);
        }
        return true;
    }
}
