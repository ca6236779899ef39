// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveriesTest {

    private final Deliveries d = new Deliveries(2, 100);

    @Test
    void aMessageCompletesWhenEveryReceiverHasIt() throws InterruptedException {
        d.measureFrom(0);
        d.sent(1);
        d.record(0, 0, System.nanoTime());
        assertThat(d.awaitComplete(0)).isFalse();

        d.record(1, 0, System.nanoTime());

        assertThat(d.awaitComplete(0)).isTrue();
        assertThat(d.measured()).isEqualTo(2);
        assertThat(d.lost()).isZero();
        assertThat(d.latency().getTotalCount()).isEqualTo(2);
    }

    @Test
    void warmUpMessagesCountForTheWindowButAreNotMeasured() throws InterruptedException {
        d.record(0, 0, 0);
        d.record(1, 0, 0);
        d.measureFrom(1);
        d.sent(3);
        d.record(0, 1, System.nanoTime());
        d.record(0, 2, System.nanoTime());
        d.record(1, 2, System.nanoTime());

        assertThat(d.awaitComplete(0)).isTrue();
        assertThat(d.all()).isEqualTo(5);
        assertThat(d.measured()).isEqualTo(3);
        assertThat(d.lost()).isEqualTo(1);
        assertThat(d.expected()).isEqualTo(6);
        assertThat(d.receivedBy(0)).isEqualTo(3);
    }

    @Test
    void duplicatesAndOutOfOrderArrivalsAreCountedPerReceiver() {
        d.measureFrom(0);
        d.record(0, 5, 0);
        d.record(0, 5, 0);
        d.record(0, 4, 0);
        d.record(1, 4, 0);
        d.record(1, 5, 0);

        assertThat(d.duplicates()).isEqualTo(1);
        assertThat(d.outOfOrder()).isEqualTo(1);
    }

    @Test
    void messagesOutsideTheRangeAreIgnored() {
        d.record(0, -1, 0);
        d.record(0, 100, 0);
        d.record(2, 0, 0);

        assertThat(d.all()).isZero();
    }
}
