// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Expected strings were produced by Node 20's JSON.stringify for the same values. */
class JsJsonWriterTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        JsJsonWriter.write(node, out, new ArrayList<>());
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0 | 1", "1.5 | 1.5", "1e21 | 1e+21", "1e20 | 100000000000000000000", "1.5e-7 | 1.5e-7",
        "1e-7 | 1e-7", "0.000001 | 0.000001", "-0.0 | 0", "0.30000000000000004 | 0.30000000000000004",
        "4.9e-324 | 5e-324", "1.7976931348623157e308 | 1.7976931348623157e+308",
        "2.82879384806159e17 | 282879384806159000", "1.152921504606847e18 | 1152921504606847000",
        "-1.5e-300 | -1.5e-300", "0.3333333333333333 | 0.3333333333333333", "NaN | null",
        "Infinity | null", "-Infinity | null"})
    void doublesAsJavaScriptPrintsThem(String value, String expected) {
        assertThat(write(F.numberNode(Double.parseDouble(value)))).isEqualTo(expected);
    }

    @Test
    void integersAreKeptExactEvenBeyondTwoToThe53() {
        assertThat(write(F.numberNode(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
        assertThat(write(F.numberNode(new BigInteger("123456789012345678901234567890"))))
                .isEqualTo("123456789012345678901234567890");
        assertThat(write(F.numberNode(-7))).isEqualTo("-7");
    }

    @Test
    void decimalsKeepTheirDigitsInJavaScriptLayout() {
        assertThat(write(F.numberNode(new BigDecimal("1.50")))).isEqualTo("1.5");
        assertThat(write(F.numberNode(new BigDecimal("1E+3")))).isEqualTo("1000");
        assertThat(write(F.numberNode(new BigDecimal("0.00000012345678901234567890")))).isEqualTo("1.234567890123456789e-7");
        assertThat(write(F.numberNode(new BigDecimal("0.0")))).isEqualTo("0");
    }

    @Test
    void floatsUseTheirShortestDigits() {
        assertThat(write(F.numberNode(0.1f))).isEqualTo("0.1");
        assertThat(write(F.numberNode(3f))).isEqualTo("3");
    }

    @Test
    void stringEscapesMatchJsonStringify() {
        String s = "\u0000\u0001\b\t\n\u000b\f\r\u001f \"\\/\u007f\u0080é€\u2028\ud83d\ude00\ud800x\udc00";
        String expected = "\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u007f\u0080é€\u2028\ud83d\ude00\\ud800x\\udc00\"";
        assertThat(write(F.textNode(s))).isEqualTo(expected);
    }

    @Test
    void keyOrderIsKeptAndOutputIsCompact() {
        var o = F.objectNode();
        o.put("b", 1);
        o.set("a", F.arrayNode().add(true).add(false).addNull().add("x"));
        o.set("c", F.objectNode());
        assertThat(write(o)).isEqualTo("{\"b\":1,\"a\":[true,false,null,\"x\"],\"c\":{}}");
    }

    @Test
    void deepNestingIsWrittenWithoutRecursion() {
        ArrayNode root = F.arrayNode();
        ArrayNode cur = root;
        for (int i = 0; i < 100_000; i++) {
            ArrayNode next = F.arrayNode();
            cur.add(next);
            cur = next;
        }
        String json = write(root);
        assertThat(json).hasSize(200_002).startsWith("[[[").endsWith("]]]");
    }

    @Test
    void binaryBecomesNumberedPlaceholders() {
        List<byte[]> attachments = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        ArrayNode data = F.arrayNode().add(F.binaryNode(new byte[] {1})).add(new POJONode(new byte[] {2}));
        JsJsonWriter.write(data, out, attachments);
        assertThat(out).hasToString("[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(attachments).containsExactly(new byte[] {1}, new byte[] {2});
    }

    @Test
    void binaryWhereNotAllowedOrUnwritableNodesAreRefused() {
        assertThatThrownBy(() -> JsJsonWriter.write(F.binaryNode(new byte[1]), new StringBuilder(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> write(new POJONode(new Object()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> write(F.missingNode())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventArrayMixingScalarsContainersAndBinaryKeepsItsOrderAndNumbering() {
        List<byte[]> attachments = new ArrayList<>();
        StringBuilder out = new StringBuilder("2/x,");
        ArrayNode data = F.arrayNode().add("e").add(F.binaryNode(new byte[] {1}))
                .add(F.objectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("k", F.arrayNode().add(F.binaryNode(new byte[] {2})).add(F.arrayNode())))
                .add(F.arrayNode()).add(3).addNull().add(F.binaryNode(new byte[] {3}));
        JsJsonWriter.write(data, out, attachments);
        assertThat(out).hasToString("2/x,[\"e\",{\"_placeholder\":true,\"num\":0},{\"k\":[{\"_placeholder\":true,\"num\":1},[]]},[],3,null,"
                + "{\"_placeholder\":true,\"num\":2}]");
        assertThat(attachments).containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {3});
    }

    @Test
    void theSizeHintIsExactForAnArrayOfPlainStrings() {
        ArrayNode event = F.arrayNode().add("chat message").add("hello there");
        assertThat(JsJsonWriter.sizeHint(event)).isEqualTo(write(event).length());
        assertThat(JsJsonWriter.sizeHint(F.textNode("abc"))).isEqualTo(5);
        assertThat(JsJsonWriter.sizeHint(null)).isZero();
        assertThat(JsJsonWriter.sizeHint(F.objectNode())).isPositive();
    }
}
