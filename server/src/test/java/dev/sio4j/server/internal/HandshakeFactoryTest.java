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
