// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.protocol.socketio.SocketParseException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Reading a range of a frame in place gives what reading the same characters as a String of
 * their own gives, for good and bad JSON, and never looks outside the range.
 */
class JsonTreeReaderRangeTest {

    private final JsonTreeReader reader = new JsonTreeReader(3, 20, 100);

    @ParameterizedTest
    @ValueSource(strings = {"[\"chat message\",\"hi\"]", "{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\\ud83d\\ude00\"}",
        "\"text\"", "[[1],[2.5],[true,false]]", "[]", "{}", "[\"a\",{\"k\":1,\"k\":2}]"})
    void aRangeReadsAsTheSameCharactersOnTheirOwn(String json) {
        String frame = "42/nsp,17" + json;

        assertThat(reader.read(frame, 9, frame.length())).isEqualTo(reader.read(json));
        assertThat(reader.read(frame + "garbage", 9, frame.length())).isEqualTo(reader.read(json));
    }

    @Test
    void nestingIsLimitedAtTheSameDepthInARange() {
        assertThat(reader.read("2[[[1]]]", 1, 8).get(0).get(0).get(0).intValue()).isEqualTo(1);
        assertThat(reader.read("2[{\"a\":[1]},[[2]]]", 1, 18).get(1).get(0).get(0).intValue()).isEqualTo(2);
        assertThatThrownBy(() -> reader.read("2[[[[1]]]]", 1, 10))
                .isInstanceOfSatisfying(SocketParseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NESTING_TOO_DEEP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"a\",]", "[\"a\"] x", "[\"a\"", "[1,2]]", "{\"a\":1", "[NaN]", "['a']", ""})
    void badJsonInARangeIsMalformed(String json) {
        String frame = "2" + json;

        assertThatThrownBy(() -> reader.read(frame, 1, frame.length()))
                .isInstanceOfSatisfying(SocketParseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
    }

    @Test
    void limitsOnStringsAndNumbersHoldInARange() {
        String longString = "2[\"" + "x".repeat(101) + "\"]";
        String longNumber = "2[" + "1".repeat(21) + "]";

        assertThatThrownBy(() -> reader.read(longString, 1, longString.length()))
                .isInstanceOfSatisfying(SocketParseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STRING_TOO_LONG));
        assertThatThrownBy(() -> reader.read(longNumber, 1, longNumber.length()))
                .isInstanceOfSatisfying(SocketParseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NUMBER_TOO_LONG));
    }

    @Test
    void aRangeOutsideTheTextIsRefused() {
        assertThatThrownBy(() -> reader.read("[1]", 2, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
