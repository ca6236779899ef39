// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The session cookie jar: what is kept, what is sent back, what is refused. */
class CookieJarTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    private final CookieJar jar = new CookieJar(now::get);

    @Test
    void anEmptyJarSendsNoHeader() {
        assertThat(jar.header()).isNull();
    }

    @Test
    void cookiesAreKeptByNameInOrderAndReplaced() {
        jar.parse(List.of("io=abc; Path=/; HttpOnly; SameSite=Lax", "lb=node-2"));
        assertThat(jar.header()).isEqualTo("io=abc; lb=node-2");
        jar.parse(List.of("io=def"));
        assertThat(jar.header()).isEqualTo("lb=node-2; io=def");
    }

    @Test
    void quotedValuesLoseTheirQuotes() {
        jar.parse(List.of("a=\"quoted\""));
        assertThat(jar.header()).isEqualTo("a=quoted");
    }

    @Test
    void maxAgeAndExpiresAreHonouredAndMaxAgeWins() {
        jar.parse(List.of("short=1; Max-Age=10", "dated=2; Expires=Fri, 27 Nov 2026 10:00:05 GMT",
                "both=3; Expires=Fri, 27 Nov 2026 09:00:00 GMT; max-age=60"));
        assertThat(jar.header()).isEqualTo("short=1; dated=2; both=3");
        now.set(now.get().plusSeconds(6));
        assertThat(jar.header()).isEqualTo("short=1; both=3");
        now.set(now.get().plusSeconds(5));
        assertThat(jar.header()).isEqualTo("both=3");
    }

    @Test
    void expiresIsReadInEveryHttpDateFormIncludingAOneDigitDay() {
        now.set(Instant.parse("2026-12-06T10:00:00Z"));
        jar.parse(List.of("fix=1; Expires=Sun, 06 Dec 2026 10:00:05 GMT", "short=2; Expires=Sun, 6 Dec 2026 10:00:05 GMT",
                "rfc850=3; Expires=Sunday, 06-Dec-26 10:00:05 GMT", "asctime=4; Expires=Sun Dec  6 10:00:05 2026",
                "later=5; Expires=Sun, 6 Dec 2026 10:00:10 GMT"));
        assertThat(jar.header()).isEqualTo("fix=1; short=2; rfc850=3; asctime=4; later=5");
        now.set(now.get().plusSeconds(5));
        assertThat(jar.header()).isEqualTo("later=5");
    }

    @Test
    void aOneDigitDayInThePastDeletes() {
        now.set(Instant.parse("2026-12-06T10:00:00Z"));
        jar.parse(List.of("a=1", "b=2"));
        jar.parse(List.of("a=x; Expires=Thu, 1 Jan 1970 00:00:00 GMT"));
        assertThat(jar.header()).isEqualTo("b=2");
    }

    @Test
    void zeroNegativeOrUnparseableExpiryDeletes() {
        jar.parse(List.of("a=1", "b=2", "c=3", "d=4"));
        jar.parse(List.of("a=x; Max-Age=0", "b=x; Max-Age=-1", "c=x; Max-Age=soon", "d=x; Expires=tomorrow"));
        assertThat(jar.header()).isNull();
    }

    @Test
    void malformedOrDangerousCookiesAreIgnored() {
        jar.parse(List.of("novalue", "=nameless", "bad name=1", "crlf=a\r\nX-Injected: 1", "sp=a b",
                "big=" + "x".repeat(CookieJar.MAX_VALUE_LENGTH)));
        assertThat(jar.header()).isNull();
    }

    @Test
    void theJarIsBounded() {
        for (int i = 0; i < CookieJar.MAX_COOKIES + 20; i++) {
            jar.parse(List.of("c" + i + "=v"));
        }
        assertThat(jar.header().split("; ")).hasSize(CookieJar.MAX_COOKIES);
    }
}
