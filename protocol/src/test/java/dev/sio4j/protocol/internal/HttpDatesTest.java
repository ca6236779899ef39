// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.TimeZone;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** HTTP dates: IMF-fixdate out, every form a peer may send in. */
class HttpDatesTest {

    private static final Instant DEC_6 = Instant.parse("2026-12-06T14:19:35Z");

    @Test
    void aOneDigitDayIsWrittenWithTwoDigits() {
        assertThat(HttpDates.format(DEC_6)).isEqualTo("Sun, 06 Dec 2026 14:19:35 GMT");
        assertThat(HttpDates.format(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("Fri, 01 Jan 2027 00:00:00 GMT");
    }

    @Test
    void fractionsOfASecondAreDropped() {
        assertThat(HttpDates.format(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("Thu, 31 Dec 2026 23:59:59 GMT");
    }

    @Test
    void neitherTheDefaultLocaleNorTheDefaultTimeZoneChangesTheResult() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(HttpDates.format(DEC_6)).isEqualTo("Sun, 06 Dec 2026 14:19:35 GMT");
            assertThat(HttpDates.parse("sun, 06 dec 2026 14:19:35 gmt")).isEqualTo(DEC_6);
            assertThat(HttpDates.parse("Wed, 10 Jun 2026 00:00:00 GMT")).isEqualTo(Instant.parse("2026-06-10T00:00:00Z"));
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void readsTheThreeFormsOfRfc9110AndAOneDigitDay() {
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 14:19:35 GMT")).as("IMF-fixdate").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sun, 6 Dec 2026 14:19:35 GMT")).as("RFC 1123, one digit").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sunday, 06-Dec-26 14:19:35 GMT")).as("RFC 850").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sun Dec  6 14:19:35 2026")).as("asctime").isEqualTo(DEC_6);
    }

    @Test
    void twoDigitYearsFollowRfc6265() {
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("Thursday, 01-Jan-70 00:00:00 GMT")).isEqualTo(Instant.EPOCH);
        assertThat(HttpDates.parse("Sunday, 01-Jan-69 00:00:00 GMT")).isEqualTo(Instant.parse("2069-01-01T00:00:00Z"));
    }

    @Test
    void readsTheVariantsServersWrite() {
        assertThat(HttpDates.parse("06 Dec 2026 14:19:35 GMT")).as("no weekday").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sun, 06-Dec-2026 14:19:35 GMT")).as("dashes, four-digit year").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sun, 06 December 2026 14:19:35 UTC")).as("full month, UTC").isEqualTo(DEC_6);
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 4:9:5 GMT")).as("one-digit time").isEqualTo(Instant.parse("2026-12-06T04:09:05Z"));
    }

    @Test
    void refusesWhatIsNotADate() {
        assertThat(HttpDates.parse("")).isNull();
        assertThat(HttpDates.parse("tomorrow")).isNull();
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 GMT")).as("no time").isNull();
        assertThat(HttpDates.parse("Sun, Dec 2026 14:19:35 GMT")).as("no day").isNull();
        assertThat(HttpDates.parse("Sun, 06 Foo 2026 14:19:35 GMT")).as("no month").isNull();
        assertThat(HttpDates.parse("Mon, 31 Nov 2026 10:00:00 GMT")).as("31 November").isNull();
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 24:00:00 GMT")).as("hour 24").isNull();
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 14:60:00 GMT")).as("minute 60").isNull();
        assertThat(HttpDates.parse("Sun, 32 Dec 2026 14:19:35 GMT")).as("day 32").isNull();
        assertThat(HttpDates.parse("Sun, 06 Dec 1600 14:19:35 GMT")).as("before 1601").isNull();
        assertThat(HttpDates.parse("Sun, 06 Dec 2026 143:19:35 GMT")).as("three-digit hour").isNull();
    }

    @Property
    void whatIsWrittenReadsBackToTheSecond(@ForAll @LongRange(min = -11_644_473_600L, max = 253_402_300_799L) long epochSecond,
                                           @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        String text = HttpDates.format(instant);
        assertThat(text).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(HttpDates.parse(text)).isEqualTo(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
