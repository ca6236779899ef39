// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.internal.MsgPack.MsgPackException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MessagePack as the official adapters' JavaScript encoders write it. Every expected hex string
 * below is what notepack.io 3.0.1 (classic and sharded adapters) and @msgpack/msgpack 2.8.0
 * (streams adapter) printed for the same JavaScript value; the two agree on all of them.
 */
class MsgPackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static Stream<Arguments> recorded() {
        return Stream.of(
                Arguments.of("0", "00"), Arguments.of("1", "01"), Arguments.of("127", "7f"),
                Arguments.of("128", "cc80"), Arguments.of("255", "ccff"), Arguments.of("256", "cd0100"),
                Arguments.of("65535", "cdffff"), Arguments.of("65536", "ce00010000"),
                Arguments.of("4294967295", "ceffffffff"), Arguments.of("4294967296", "cf0000000100000000"),
                Arguments.of("9007199254740991", "cf001fffffffffffff"), Arguments.of("-1", "ff"),
                Arguments.of("-32", "e0"), Arguments.of("-33", "d0df"), Arguments.of("-128", "d080"),
                Arguments.of("-129", "d1ff7f"), Arguments.of("-32768", "d18000"), Arguments.of("-32769", "d2ffff7fff"),
                Arguments.of("-2147483648", "d280000000"), Arguments.of("-2147483649", "d3ffffffff7fffffff"),
                Arguments.of("-9007199254740991", "d3ffe0000000000001"),
                Arguments.of("1.5", "cb3ff8000000000000"), Arguments.of("-0.5", "cbbfe0000000000000"),
                Arguments.of("3.0", "03"), Arguments.of("-0.0", "00"), Arguments.of("0.1", "cb3fb999999999999a"),
                Arguments.of("1e300", "cb7e37e43c8800759c"), Arguments.of("9007199254740992", "cb4340000000000000"),
                Arguments.of("-9007199254740992", "cbc340000000000000"), Arguments.of("1e21", "cb444b1ae4d6e2ef50"),
                Arguments.of("\"\"", "a0"), Arguments.of("\"a\"", "a161"),
                Arguments.of("\"" + "x".repeat(31) + "\"", "bf" + "78".repeat(31)),
                Arguments.of("\"" + "x".repeat(32) + "\"", "d920" + "78".repeat(32)),
                Arguments.of("\"héllo €\uD834\uDD1E\"", "ae68c3a96c6c6f20e282acf09d849e"),
                Arguments.of("[]", "90"), Arguments.of("[1,\"a\",null,true,false]", "9501a161c0c3c2"),
                Arguments.of("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "9f" + "01".repeat(15)),
                Arguments.of("[2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2]", "dc0010" + "02".repeat(16)),
                Arguments.of("{}", "80"), Arguments.of("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}", "83a16101a162920102a16381a164c0"),
                Arguments.of("[\"emitter\",{\"type\":2,\"data\":[\"m\",{\"k\":\"all\"}],\"nsp\":\"/\"},{\"rooms\":[],\"flags\":{},\"except\":[]}]",
                        "93a7656d697474657283a47479706502a46461746192a16d81a16ba3616c6ca36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void writesWhatTheJavaScriptEncodersWriteAndReadsItBack(String json, String hex) throws Exception {
        JsonNode value = JSON.readTree(json);
        assertThat(HexFormat.of().formatHex(MsgPack.encode(value))).isEqualTo(hex);
        JsonNode back = MsgPack.decode(HexFormat.of().parseHex(hex));
        if (value.isNumber()) {
            assertThat(back.doubleValue() == value.doubleValue()).as("%s reads back as %s", value, back).isTrue(); // -0 is 0, as in JavaScript
        } else {
            assertThat(back).isEqualTo(value);
        }
    }

    @Test
    void lengthsPickTheSmallestHeaderAsTheRecordingsDo() {
        assertThat(prefix(F.textNode("x".repeat(255)), 2)).isEqualTo("d9ff");
        assertThat(prefix(F.textNode("x".repeat(256)), 3)).isEqualTo("da0100");
        assertThat(prefix(F.textNode("x".repeat(65536)), 5)).isEqualTo("db00010000");
        assertThat(prefix(F.binaryNode(new byte[] {1, 2, 3}), 5)).isEqualTo("c403010203");
        assertThat(prefix(F.binaryNode(new byte[255]), 2)).isEqualTo("c4ff");
        assertThat(prefix(F.binaryNode(new byte[256]), 3)).isEqualTo("c50100");
        assertThat(prefix(F.binaryNode(new byte[65536]), 5)).isEqualTo("c600010000");
        ArrayNode big = F.arrayNode();
        for (int i = 0; i < 65536; i++) {
            big.add(0);
        }
        assertThat(prefix(big, 5)).isEqualTo("dd00010000");
        ObjectNode sixteen = F.objectNode();
        for (int i = 0; i < 16; i++) {
            sixteen.put("k" + i, i);
        }
        assertThat(prefix(sixteen, 5)).isEqualTo("de0010a26b");
    }

    private static String prefix(JsonNode value, int bytes) {
        return HexFormat.of().formatHex(MsgPack.encode(value), 0, bytes);
    }

    @Test
    void binaryRoundTripsAndAMissingValueIsLeftOutOfAnObject() {
        ObjectNode o = F.objectNode();
        o.put("n", 1.5);
        o.set("u", com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        o.put("b", new byte[] {1, 2, 3});
        // {n: 1.5, b: <010203>}: notepack skips undefined the same way
        assertThat(HexFormat.of().formatHex(MsgPack.encode(o))).isEqualTo("82a16ecb3ff8000000000000a162c403010203");
        assertThat(MsgPack.decode(MsgPack.encode(o)).get("b").isBinary()).isTrue();
    }

    @Test
    void javaScriptDatesArriveAsTheIsoStringJsonStringifyWouldSend() {
        // notepack.io 3.0.1 and @msgpack/msgpack 2.8.0 both wrote this for Date.UTC(2026, 11, 6, 14, 19, 35, 123)
        assertThat(MsgPack.decode(HexFormat.of().parseHex("d7ff1d5353006b156ef7")).textValue())
                .isEqualTo("2026-12-06T14:19:35.123Z");
        // notepack.io 2.x: extension 0 holding the milliseconds as a float64
        assertThat(MsgPack.decode(HexFormat.of().parseHex("d700" + "4279d1" + "c6fe1f2b00")).isTextual()).isTrue();
    }

    @Test
    void bigUnsignedAndOtherNumberFormsAreRead() {
        assertThat(MsgPack.decode(HexFormat.of().parseHex("cfffffffffffffffff")).bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("18446744073709551615"));
        assertThat(MsgPack.decode(HexFormat.of().parseHex("ca3fc00000")).doubleValue()).isEqualTo(1.5);
        assertThat(MsgPack.decode(HexFormat.of().parseHex("cc05")).intValue()).isEqualTo(5);
        assertThat(MsgPack.decode(HexFormat.of().parseHex("d3000000000000002a"))).isEqualTo(F.numberNode(42));
    }

    @Test
    void badInputIsATypedErrorNeverAnAllocationOfTheDeclaredSize() {
        assertBad("", "truncated");
        assertBad("c1", "unused type byte 0xc1");
        assertBad("a5616263", "truncated");
        assertBad("dbffffffff61", "truncated");
        assertBad("ddffffffff", "truncated");
        assertBad("dfffffffff", "truncated");
        assertBad("c6ffffffff", "truncated");
        assertBad("0101", "1 bytes after the value");
        assertBad("a2c328", "invalid UTF-8");
        assertBad("81" + "90" + "01", "a map key of type ARRAY");
        assertBad("d40100", "unsupported extension type 1");
        assertBad("91".repeat(MsgPack.MAX_DEPTH + 1) + "c0", "nested deeper than");
    }

    private static void assertBad(String hex, String message) {
        assertThatThrownBy(() -> MsgPack.decode(HexFormat.of().parseHex(hex)))
                .isInstanceOf(MsgPackException.class).hasMessageContaining(message);
    }
}
