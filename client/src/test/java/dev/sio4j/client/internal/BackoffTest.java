// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void withoutJitterTheDelayDoublesUpToTheCap() {
        Backoff b = new Backoff(1000, 5000, 0, () -> 0.7);
        assertThat(new long[] {b.duration(), b.duration(), b.duration(), b.duration(), b.duration()})
                .containsExactly(1000, 2000, 4000, 5000, 5000);
        assertThat(b.attempts()).isEqualTo(5);
        b.reset();
        assertThat(b.duration()).isEqualTo(1000);
    }

    @Test
    void theJitterDrawPicksTheDirectionAndTheAmount() {
        // r = 0.2: floor(2) is even, so down by floor(0.2 * 0.5 * 1000) = 100
        assertThat(new Backoff(1000, 5000, 0.5, () -> 0.2).duration()).isEqualTo(900);
        // r = 0.35: floor(3.5) is odd, so up by floor(0.35 * 0.5 * 1000) = 175
        assertThat(new Backoff(1000, 5000, 0.5, () -> 0.35).duration()).isEqualTo(1175);
    }

    @Test
    void everyDelayStaysWithinTheJitterBandAndTheCap() {
        Random random = new Random(42);
        for (int run = 0; run < 1000; run++) {
            Backoff b = new Backoff(1000, 5000, 0.5, random::nextDouble);
            for (int n = 0; n < 10; n++) {
                long base = Math.min(1000L << n, Long.MAX_VALUE);
                long d = b.duration();
                assertThat(d).isBetween(Math.min(base / 2, 5000), 5000L);
            }
        }
    }

    @Test
    void manyAttemptsNeverOverflow() {
        Backoff b = new Backoff(1000, 5000, 0.5, () -> 0.99);
        for (int i = 0; i < 10_000; i++) {
            assertThat(b.duration()).isBetween(0L, 5000L);
        }
    }
}
