// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY-CASES.md rows 21-37, at the decoder: each refused input throws its typed reason and
 * leaves the decoder empty; inputs the server must judge by state (rows 24, 25, 29, 31) decode
 * into a packet it can judge.
 */
class SocketDecoderSecurityCasesTest {

    private final SocketDecoder decoder = new SocketDecoder();

    private Reason reasonOf(String text) {
        try {
            decoder.onText(text);
        } catch (SocketParseException e) {
            assertThat(decoder.reconstructing()).as("no partial state after a violation").isFalse();
            return e.reason();
        }
        throw new AssertionError("accepted: " + text);
    }

    private Reason binaryReasonOf(byte[] frame) {
        try {
            decoder.onBinary(frame);
        } catch (SocketParseException e) {
            assertThat(decoder.reconstructing()).isFalse();
            return e.reason();
        }
        throw new AssertionError("binary frame accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "7", "9[\"x\"]", "x", "-1", " 2[\"x\"]"})
    void row21UnknownTypeOrEmptyPacketIsRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.UNKNOWN_TYPE);
    }

    @Test
    void row21ConnectErrorTypeFollowedByGarbageIsRefused() {
        assertThat(reasonOf("4abc")).isEqualTo(Reason.INVALID_PAYLOAD);
    }

    @Test
    void row22UnknownOrOddNamespacesDecodeSoTheServerCanAnswerInvalidNamespace() {
        assertThat(decoder.onText("0/random").namespace()).isEqualTo("/random");
        assertThat(decoder.onText("0/../x,").namespace()).isEqualTo("/../x");
    }

    @Test
    void row22OverlongNamespaceIsRefusedWithTheNamespaceAttached() {
        String ns = "/" + "a".repeat(10_000);
        assertThatThrownBy(() -> decoder.onText("0" + ns + ",{}"))
                .isInstanceOfSatisfying(SocketParseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_NAMESPACE);
                    assertThat(e.namespace()).isEqualTo(ns);
                    assertThat(e.packetType()).isEqualTo(SocketPacketType.CONNECT);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/a\u0000b,", "0/a\nb", "2/\u007f,[\"e\"]", "0/x\u0085"})
    void row22ControlCharactersInNamespaceAreRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.BAD_NAMESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0\"str\"", "0[]", "1{}", "1\"x\"", "0/admin,[1]", "4[]", "4", "3/a,1{}", "31\"x\""})
    void row23WrongPayloadTypeIsRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.INVALID_PAYLOAD);
    }

    @Test
    void row24ClientConnectErrorDecodesWithItsTypeForTheServerToRefuse() {
        assertThat(decoder.onText("4{\"message\":\"x\"}").type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(decoder.onText("0/admin,").type()).isEqualTo(SocketPacketType.CONNECT);
    }

    @Test
    void row25ManyNamespacesLeaveNoStateInTheDecoder() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(decoder.onText("0/dyn-" + i + ",").namespace()).isEqualTo("/dyn-" + i);
        }
        assertThat(decoder.reconstructing()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2{}", "2\"x\"", "2[]", "2", "2/admin,", "212"})
    void row26EventThatIsNotANonEmptyArrayIsRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.INVALID_PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[{\"toString\":\"x\"}]", "2[null]", "2[true]", "2[[\"x\"]]",
        "51-[{\"_placeholder\":true,\"num\":0}]"})
    void row27EventNameThatIsNeitherStringNorNumberIsRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.BAD_EVENT_NAME);
    }

    @Test
    void row27NumericEventNameIsLegal() {
        assertThat(decoder.onText("2[1,\"x\"]").data().get(0).isNumber()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    void row28ReservedEventNamesAreRefused(String name) {
        assertThat(reasonOf("2[\"" + name + "\"]")).isEqualTo(Reason.RESERVED_EVENT_NAME);
        assertThat(reasonOf("2/chat,5[\"" + name + "\",1]")).isEqualTo(Reason.RESERVED_EVENT_NAME);
        assertThat(reasonOf("51-[\"" + name + "\",{\"_placeholder\":true,\"num\":0}]"))
                .isEqualTo(Reason.RESERVED_EVENT_NAME);
    }

    @Test
    void row29ErrorIsAnOrdinaryEventName() {
        SocketPacket p = decoder.onText("2[\"error\",\"x\"]");
        assertThat(p.type()).isEqualTo(SocketPacketType.EVENT);
        assertThat(p.data().get(0).textValue()).isEqualTo("error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2abc[\"e\"]", "24299999999999999999999[\"e\"]", "2-1[\"e\"]", "2+1[\"e\"]",
        "21.5[\"e\"]", "2 1[\"e\"]", "29007199254740992[\"e\"]", "2/a,1x[\"e\"]", "3[]", "3/a,[]",
        "01{}", "11", "41{\"message\":\"m\"}", "2\u0661[\"e\"]", "61-[{\"_placeholder\":true,\"num\":0}]"})
    void row30BadAckIdsAreRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.BAD_ACK_ID);
    }

    @Test
    void row31AckForAnyIdDecodesForTheServerToMatch() {
        SocketPacket p = decoder.onText("3999[\"late\"]");
        assertThat(p.type()).isEqualTo(SocketPacketType.ACK);
        assertThat(p.id()).isEqualTo(999L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "51-[\"e\",{\"_placeholder\":true,\"num\":5}]",
        "51-[\"e\",{\"_placeholder\":true,\"num\":\"splice\"}]",
        "51-[\"e\",{\"_placeholder\":true,\"num\":-1}]",
        "51-[\"e\",{\"_placeholder\":true,\"num\":1.5}]",
        "51-[\"e\",{\"_placeholder\":true,\"num\":1e400}]",
        "51-[\"e\",{\"_placeholder\":true}]",
        "51-[\"e\"]",
        "52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
        "51-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
        "50-[\"e\",{\"_placeholder\":true,\"num\":0}]",
        "61-1[{\"a\":{\"_placeholder\":true,\"num\":3}}]"})
    void row32IllegalPlaceholdersAreRefusedBeforeAnyBinaryIsKept(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.ILLEGAL_ATTACHMENTS);
    }

    @Test
    void row33TextWhileReconstructingIsRefusedAndPartialBuffersAreFreed() {
        assertThat(decoder.onText("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
        assertThat(decoder.onBinary(new byte[] {1})).isNull();
        assertThat(reasonOf("2[\"e\"]")).isEqualTo(Reason.TEXT_WHILE_RECONSTRUCTING);
        assertThat(binaryReasonOf(new byte[] {2})).isEqualTo(Reason.BINARY_WHEN_NOT_RECONSTRUCTING);
        assertThat(decoder.onText("2[\"next\"]").data().get(0).textValue()).isEqualTo("next");
    }

    @Test
    void row34SilenceAfterABinaryHeaderIsVisibleAndResetDropsIt() {
        assertThat(decoder.onText("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
        assertThat(decoder.onBinary(new byte[1024])).isNull();
        assertThat(decoder.reconstructing()).isTrue();
        decoder.reset();
        assertThat(decoder.reconstructing()).isFalse();
        assertThat(binaryReasonOf(new byte[1])).isEqualTo(Reason.BINARY_WHEN_NOT_RECONSTRUCTING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5999999-[\"e\"]", "511-[\"e\"]", "699999999999999999999999-1[]"})
    void row35TooManyAttachmentsAreRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.TOO_MANY_ATTACHMENTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5-1-[\"e\"]", "51.5-[\"e\"]", "5-[\"e\"]", "5", "51", "5 1-[\"e\"]", "5+1-[\"e\"]",
        "5\u0661-[\"e\"]", "6a-[]"})
    void row35MalformedAttachmentCountsAreRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.ILLEGAL_ATTACHMENTS);
    }

    @Test
    void row35TheAttachmentCapIsConfigurable() {
        SocketDecoder strict = new SocketDecoder(DecoderLimits.builder().maxAttachments(0).build());
        assertThatThrownBy(() -> strict.onText("51-[\"e\",{\"_placeholder\":true,\"num\":0}]"))
                .isInstanceOfSatisfying(SocketParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ATTACHMENTS));
    }

    @Test
    void row36BinaryAfterAZeroAttachmentPacketIsRefused() {
        assertThat(decoder.onText("50-[\"e\"]")).isNotNull();
        assertThat(binaryReasonOf(new byte[] {1})).isEqualTo(Reason.BINARY_WHEN_NOT_RECONSTRUCTING);
    }

    @Test
    void row36BinaryWithNothingPendingIsRefused() {
        assertThat(binaryReasonOf(new byte[0])).isEqualTo(Reason.BINARY_WHEN_NOT_RECONSTRUCTING);
    }

    @Test
    void row37DeepNestingIsRefusedWithoutStackOverflow() {
        String deep = "2[\"e\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]";
        assertThat(reasonOf(deep)).isEqualTo(Reason.NESTING_TOO_DEEP);
        String deepObjects = "2[\"e\"," + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "]";
        assertThat(reasonOf(deepObjects)).isEqualTo(Reason.NESTING_TOO_DEEP);
    }

    @Test
    void row37NestingUpToTheLimitIsAccepted() {
        int depth = DecoderLimits.defaults().maxNestingDepth();
        assertThat(decoder.onText("2[\"e\"," + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "]")).isNotNull();
        assertThat(reasonOf("2[\"e\"," + "[".repeat(depth) + "]".repeat(depth) + "]")).isEqualTo(Reason.NESTING_TOO_DEEP);
    }

    @Test
    void row37MillionDigitNumbersAreRefused() {
        String digits = "9".repeat(1_000_000);
        assertThat(reasonOf("2[\"e\"," + digits + "]")).isEqualTo(Reason.NUMBER_TOO_LONG);
        assertThat(reasonOf("2[\"e\",0." + digits + "]")).isEqualTo(Reason.NUMBER_TOO_LONG);
        assertThat(reasonOf("2[\"e\",1e" + digits + "]")).isEqualTo(Reason.NUMBER_TOO_LONG);
    }

    @Test
    void row37OverlongStringsAndKeysAreRefused() {
        SocketDecoder small = new SocketDecoder(DecoderLimits.builder().maxStringLength(1000).build());
        String big = "x".repeat(1001);
        assertThatThrownBy(() -> small.onText("2[\"e\",\"" + big + "\"]"))
                .isInstanceOfSatisfying(SocketParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.STRING_TOO_LONG));
        assertThatThrownBy(() -> small.onText("2[\"e\",{\"" + big + "\":1}]"))
                .isInstanceOfSatisfying(SocketParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.STRING_TOO_LONG));
        assertThat(reasonOf("2[\"e\",\"" + "y".repeat(2_000_000) + "\"]")).isEqualTo(Reason.STRING_TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[\"e\"", "2[\"e\"]]", "2[\"e\"] x", "2[\"e\",NaN]", "2['e']", "2[\"e\",01]",
        "2[\"e\"/*c*/]", "2[\"e\",]", "0{\"a\"}", "2[\"e\"][\"f\"]", "2[\"\\x\"]", "2[\"e\",-]"})
    void malformedJsonIsRefused(String text) {
        assertThat(reasonOf(text)).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void knownGapEscapedLoneSurrogateInAKeyIsRefusedWhileJsonParseWouldAcceptIt() {
        assertThat(reasonOf("2[\"e\",{\"\\ud800\":1}]")).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(decoder.onText("2[\"e\",\"\\ud800\"]").data().get(1).textValue()).isEqualTo("\ud800");
    }
}
