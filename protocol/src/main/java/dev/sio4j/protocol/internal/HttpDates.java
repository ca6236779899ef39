// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates, written in one form and read in every form a peer may send.
 *
 * <p>{@link #format} writes RFC 9110's IMF-fixdate ({@code Sun, 06 Dec 2026 14:19:35 GMT}):
 * always a two-digit day, English names, GMT, what Node's {@code Date.toUTCString()} and so
 * engine.io and the cookie module write. {@link DateTimeFormatter#RFC_1123_DATE_TIME} is not
 * that: it writes a one-digit day on the 1st to the 9th of a month.
 *
 * <p>{@link #parse} follows RFC 6265's cookie-date algorithm (section 5.1.1), which is what
 * browsers apply to {@code Expires} and which accepts the three forms RFC 9110 obliges a
 * recipient to read (IMF-fixdate, RFC 850 with its two-digit year, asctime) as well as the
 * variants servers write in practice (a one-digit day, dashes, a missing weekday).
 *
 * <p>Pure functions of their arguments: no clock, time zone, default locale or charset is
 * consulted. Thread-safe.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final String[] MONTHS =
            {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private HttpDates() {
    }

    /** {@code instant} as an IMF-fixdate, to the second (fractions are dropped). */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /**
     * Reads an HTTP or cookie date, or returns null when {@code text} is not one (a missing part,
     * an hour over 23, a day the month does not have, a year before 1601).
     */
    public static Instant parse(String text) {
        Fields f = new Fields();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                f.take(text.substring(start, i));
            }
        }
        return f.toInstant();
    }

    /** RFC 6265's delimiter: tab and the printable ASCII that is neither alphanumeric nor ':'. */
    private static boolean isDelimiter(char c) {
        return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40)
                || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
    }

    /** The date's parts as they are found, each taken from the first token that fits it. */
    private static final class Fields {
        int hour = -1;
        int minute;
        int second;
        int day = -1;
        int month = -1;
        int year = -1;

        void take(String token) {
            if (hour < 0 && time(token)) {
                return;
            }
            if (day < 0) {
                int d = leadingDigits(token, 1, 2);
                if (d >= 0) {
                    day = d;
                    return;
                }
            }
            if (month < 0 && token.length() >= 3) {
                String prefix = token.substring(0, 3).toLowerCase(Locale.ROOT);
                for (int m = 0; m < MONTHS.length; m++) {
                    if (MONTHS[m].equals(prefix)) {
                        month = m + 1;
                        return;
                    }
                }
            }
            if (year < 0) {
                year = leadingDigits(token, 2, 4);
            }
        }

        /** {@code h:m:s}, each one or two digits, anything after a non-digit ignored. */
        private boolean time(String token) {
            int[] parts = new int[3];
            int at = 0;
            for (int p = 0; p < 3; p++) {
                int digits = 0;
                int value = 0;
                while (at < token.length() && digits < 2 && isDigit(token.charAt(at))) {
                    value = value * 10 + (token.charAt(at++) - '0');
                    digits++;
                }
                if (digits == 0) {
                    return false;
                }
                parts[p] = value;
                boolean last = p == 2;
                if (!last && (at >= token.length() || token.charAt(at++) != ':')) {
                    return false;
                }
                if (last && at < token.length() && isDigit(token.charAt(at))) {
                    return false;
                }
            }
            hour = parts[0];
            minute = parts[1];
            second = parts[2];
            return true;
        }

        Instant toInstant() {
            if (hour < 0 || day < 0 || month < 0 || year < 0) {
                return null;
            }
            int fullYear = year;
            if (year >= 70 && year <= 99) {
                fullYear += 1900;
            } else if (year <= 69) {
                fullYear += 2000;
            }
            if (day < 1 || day > 31 || fullYear < 1601 || hour > 23 || minute > 59 || second > 59) {
                return null;
            }
            try {
                return LocalDateTime.of(fullYear, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                return null; // a day the month does not have, such as 31 Nov
            }
        }
    }

    /** The number made of {@code min} to {@code max} leading digits, when no digit follows them; else -1. */
    private static int leadingDigits(String token, int min, int max) {
        int at = 0;
        int value = 0;
        while (at < token.length() && at < max && isDigit(token.charAt(at))) {
            value = value * 10 + (token.charAt(at++) - '0');
        }
        if (at < min || (at < token.length() && isDigit(token.charAt(at)))) {
            return -1;
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
