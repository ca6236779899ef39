// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.RateLimit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test controls. */
class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void startsFullSpendsTheBurstThenRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(2).withBurst(3), 0);
        assertThat(b.isFull(0)).isTrue();
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isFalse();
        assertThat(b.nanosUntilOne(0)).isEqualTo(SECOND / 2);
        assertThat(b.tryTake(1, SECOND / 2 - 1)).isFalse();
        assertThat(b.tryTake(1, SECOND / 2)).isTrue();
        assertThat(b.isFull(SECOND / 2 + SECOND)).isFalse();
        assertThat(b.isFull(2 * SECOND)).isTrue();
        assertThat(b.tryTake(1, 100 * SECOND)).isTrue();
        assertThat(b.tryTake(3, 100 * SECOND)).as("never more than the burst").isFalse();
    }

    @Test
    void aTakeLargerThanTheBurstPassesOnAFullBucketAndLeavesDebt() {
        TokenBucket b = new TokenBucket(new RateLimit(1000, 1000), 0);
        assertThat(b.tryTake(5000, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isFalse();
        assertThat(b.nanosUntilOne(0)).isEqualTo(4001 * SECOND / 1000);
        assertThat(b.tryTake(1, 3 * SECOND)).isFalse();
        assertThat(b.tryTake(1, 5 * SECOND)).isTrue();
    }

    @Test
    void aClockGoingBackwardsAddsNothing() {
        TokenBucket b = new TokenBucket(RateLimit.perSecond(1), 10 * SECOND);
        assertThat(b.tryTake(1, 10 * SECOND)).isTrue();
        assertThat(b.tryTake(1, 5 * SECOND)).isFalse();
    }
}
