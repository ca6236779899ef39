// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-written formats of the connection log lines (they replaced String.format). */
class ConnectionLogFormatTest {

    @Test
    void secondsHaveThreeDecimalsWhateverTheLocale() {
        assertThat(ConnectionLog.seconds(0)).isEqualTo("0.000s");
        assertThat(ConnectionLog.seconds(999_999)).isEqualTo("0.000s");
        assertThat(ConnectionLog.seconds(1_000_000)).isEqualTo("0.001s");
        assertThat(ConnectionLog.seconds(45_000_000)).isEqualTo("0.045s");
        assertThat(ConnectionLog.seconds(12_345_678_901L)).isEqualTo("12.345s");
        assertThat(ConnectionLog.seconds(3_600_000_000_000L)).isEqualTo("3600.000s");
        assertThat(ConnectionLog.seconds(-1_500_000_000L)).isEqualTo("-1.500s");
        assertThat(ConnectionLog.seconds(-5_000_000L)).isEqualTo("-0.005s");
    }

    @Test
    void logIdsAreEightLowerCaseHexDigits() {
        for (int i = 0; i < 1000; i++) {
            assertThat(ConnectionLog.logId(ConnectionLog.newLogId())).matches("[0-9a-f]{8}");
        }
        assertThat(ConnectionLog.logId(0)).isEqualTo("00000000");
        assertThat(ConnectionLog.logId(-1)).isEqualTo("ffffffff");
        assertThat(ConnectionLog.logId(0xAB)).isEqualTo("000000ab");
    }
}
