// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan for an array of plain strings gives exactly what the Jackson reader gives, and
 * leaves everything else (bad input included) to it.
 */
class JsonTreeReaderFlatStringsTest {

    private final JsonTreeReader reader = new JsonTreeReader(32, 100, 20);

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"\"]", "[\"chat message\",\"hi\"]", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\"]",
        "[\"\u00e9\u4e2d\ud83d\ude00\",\"/x\"]", "[\"\u007f\"]", "[\"exactly twenty chars\"]"})
    void scansPlainStringArraysAsJacksonReadsThem(String json) {
        JsonNode fast = reader.flatStrings(json, 0, json.length());
        assertThat(fast).as("the scan takes it").isNotNull();
        assertThat(fast).isEqualTo(reader.readGeneral(json, 0, json.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[\"a\"", "[\"a\",]", "[\"a\" ]", " [\"a\"]", "[\"a\"] ", "[\"a\"]x", "[\"a\"]]", "[\"a\\n\"]",
        "[\"a\nb\"]", "[\"a\",1]", "[1]", "[\"a\",[\"b\"]]", "[\"a\"\"b\"]", "[\"a\",\"b\"", "[,]", "[\"a\"}", "{}",
        "\"a\"", "[\"\u0000\"]", "[\"a\",\"b\":1]"})
    void leavesEverythingElseToJacksonAndRefusesWhatItRefuses(String json) {
        assertThat(outcomeOfRead(json, 0)).isEqualTo(outcomeOfGeneral(json, 0));
        if (!json.contains("twenty-one")) {
            assertThat(reader.flatStrings(json, 0, json.length())).as("not for the scan").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"twenty-one characters\"]", "[\"a\",\"twenty-one characters\",1]"})
    void aStringOverTheLimitIsRefusedAsJacksonRefusesIt(String json) {
        assertThat(outcomeOfRead(json, 0)).isEqualTo(SocketParseException.Reason.STRING_TOO_LONG)
                .isEqualTo(outcomeOfGeneral(json, 0));
    }

    @Property(tries = 300)
    void anyArrayOfStringsReadsAsJacksonReadsIt(@ForAll("strings") List<String> strings) {
        StringBuilder json = new StringBuilder();
        JsJsonWriter.write(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                .addAll(strings.stream().map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList()), json, null);
        String text = "2/nsp," + json;
        assertThat(outcomeOfRead(text, 6)).isEqualTo(outcomeOfGeneral(text, 6));
    }

    @Provide
    Arbitrary<List<String>> strings() {
        return Arbitraries.strings().all().ofMaxLength(24).list().ofMaxSize(5);
    }

    /** The tree, or the reason of the refusal, of the general reader. */
    private Object outcome(String json) {
        return outcomeOfGeneral(json, 0);
    }

    private Object outcomeOfGeneral(String text, int from) {
        try {
            return reader.readGeneral(text, from, text.length());
        } catch (SocketParseException e) {
            return e.reason();
        }
    }

    private Object outcomeOfRead(String text, int from) {
        try {
            return reader.read(text, from, text.length());
        } catch (SocketParseException e) {
            return e.reason();
        }
    }
}
