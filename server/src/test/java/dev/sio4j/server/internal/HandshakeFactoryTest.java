// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
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
}
