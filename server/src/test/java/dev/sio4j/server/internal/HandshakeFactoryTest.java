// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.server.Handshake;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake's {@code time}, as Node's {@code new Date().toString()} prints it in each zone. */
class HandshakeFactoryTest {

    private static final Instant DEC_6 = Instant.parse("2026-12-06T14:19:35Z");

    @Test
    void writesWhatNodePrintsInTheSameZone() {
        // each expected line is what `TZ=<zone> node -e 'console.log(new Date(...).toString())'` printed
        assertThat(HandshakeFactory.jsDate(DEC_6, ZoneId.of("UTC")))
                .isEqualTo("Sun Dec 06 2026 14:19:35 GMT+0000 (Coordinated Universal Time)");
        assertThat(HandshakeFactory.jsDate(DEC_6, ZoneId.of("Pacific/Kiritimati")))
                .isEqualTo("Mon Dec 07 2026 04:19:35 GMT+1400 (Line Islands Time)");
        assertThat(HandshakeFactory.jsDate(DEC_6, ZoneId.of("America/St_Johns")))
                .isEqualTo("Sun Dec 06 2026 10:49:35 GMT-0330 (Newfoundland Standard Time)");
        assertThat(HandshakeFactory.jsDate(DEC_6, ZoneId.of("Asia/Kolkata")))
                .isEqualTo("Sun Dec 06 2026 19:49:35 GMT+0530 (India Standard Time)");
    }

    @Test
    void handshakesInOneSecondShareOneTimeString() {
        // Thousands of sockets connecting in one second keep one string, not one each.
        ZoneId utc = ZoneId.of("UTC");
        String first = HandshakeFactory.jsDateShared(DEC_6, utc);
        assertThat(HandshakeFactory.jsDateShared(DEC_6.plusMillis(999), utc)).isSameAs(first);
        assertThat(first).isEqualTo(HandshakeFactory.jsDate(DEC_6, utc));
        String next = HandshakeFactory.jsDateShared(DEC_6.plusSeconds(1), utc);
        assertThat(next).isEqualTo("Sun Dec 06 2026 14:19:36 GMT+0000 (Coordinated Universal Time)");
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(HandshakeFactory.jsDateShared(DEC_6.plusSeconds(1), kolkata))
                .isEqualTo(HandshakeFactory.jsDate(DEC_6.plusSeconds(1), kolkata));
    }

    @Test
    void commonHeaderNamesAreSharedAndOthersLowerCased() {
        assertThat(HandshakeFactory.lowerName(new String("Sec-WebSocket-Key")))
                .isSameAs(HandshakeFactory.lowerName(new String("sec-websocket-key")))
                .isEqualTo("sec-websocket-key");
        assertThat(HandshakeFactory.lowerName("X-My-Header")).isEqualTo("x-my-header");
    }

    @Test
    void theDefaultLocaleDoesNotChangeTheNames() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(HandshakeFactory.jsDate(DEC_6, ZoneId.of("UTC"))).startsWith("Sun Dec 06 2026");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void headersAreLowerCasedInOrderAndNamesMeetingOnceLowerCaseJoinTheirValues() {
        Map<String, List<String>> given = new LinkedHashMap<>();
        given.put("Host", List.of("example.test"));
        given.put("X-Two", List.of("a"));
        given.put("x-two", List.of("b", "c"));
        given.put("Cookie", List.of("c=1"));
        Map<String, List<String>> headers = HandshakeFactory.lowerCaseHeaders(given);
        assertThat(new ArrayList<>(headers.keySet())).containsExactly("host", "x-two", "cookie");
        assertThat(headers.get("x-two")).containsExactly("a", "b", "c");
        assertThat(headers.get("host")).isSameAs(given.get("Host"));
    }

    @Test
    void manyHeadersAreIndexedRatherThanScanned() {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            given.put("X-H" + i, List.of(Integer.toString(i)));
            given.put("x-h" + i, List.of("again"));
        }
        Map<String, List<String>> headers = HandshakeFactory.lowerCaseHeaders(given);
        assertThat(headers).hasSize(100);
        assertThat(headers.get("x-h42")).containsExactly("42", "again");
    }

    @Test
    void aHandshakeKeepsTheServersImmutableMapsAndCopiesOthers() {
        Map<String, List<String>> serverMade = HandshakeFactory.lowerCaseHeaders(Map.of("Host", List.of("h")));
        Map<String, List<String>> userMade = new HashMap<>(Map.of("a", List.of("1")));
        Handshake h = new Handshake(serverMade, userMade, JsonNodeFactory.instance.objectNode(), "", "", 0, false,
                false, "/");
        assertThat(h.headers()).isSameAs(serverMade);
        assertThat(h.query()).isNotSameAs(userMade).isEqualTo(userMade);
        userMade.put("b", List.of("2"));
        assertThat(h.query()).doesNotContainKey("b");
        assertThat(h.header("HOST")).isEqualTo("h");
    }
}
