// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a broadcast stream delivered: every message {@code seq} is expected once at each of
 * {@code receivers} peers. Counts deliveries, losses, duplicates and out-of-order arrivals per
 * receiver, records the delivery latency of the messages after the warm-up, and frees a window
 * slot each time a message has reached every receiver (the sender's flow control).
 *
 * <p>Thread-safe: {@link #record} runs on the receivers' event loops, one receiver always on the
 * same loop (so its own counters need no lock).
 */
public final class Deliveries {

    private final int receivers;
    private final int capacity;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long sent;
    private final AtomicIntegerArray perMessage;
    private final long[] lastSeq;
    private final Semaphore window = new Semaphore(0);
    private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
    private final LongAdder measured = new LongAdder();
    private final LongAdder all = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAccumulator lastDelivery = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final AtomicIntegerArray receiverCounts;

    /** At most {@code capacity} messages to {@code receivers} receivers; none measured until {@link #measureFrom}. */
    public Deliveries(int receivers, int capacity) {
        this.receivers = receivers;
        this.capacity = capacity;
        this.perMessage = new AtomicIntegerArray(capacity);
        this.lastSeq = new long[receivers];
        this.receiverCounts = new AtomicIntegerArray(receivers);
        java.util.Arrays.fill(lastSeq, -1);
    }

    /** Receiver {@code receiver} got message {@code seq} sent at {@code sentNanos}. */
    public void record(int receiver, long seq, long sentNanos) {
        long now = System.nanoTime();
        if (seq < 0 || seq >= capacity || receiver < 0 || receiver >= receivers) {
            return;
        }
        all.increment();
        receiverCounts.incrementAndGet(receiver);
        long last = lastSeq[receiver];
        if (seq == last) {
            duplicates.increment();
            return;
        }
        if (seq < last) {
            outOfOrder.increment();
        } else {
            lastSeq[receiver] = seq;
        }
        if (seq >= measureFrom) {
            measured.increment();
            latency.recordValue(Math.max(0, now - sentNanos));
            lastDelivery.accumulate(now);
        }
        if (perMessage.incrementAndGet((int) seq) == receivers) {
            window.release();
        }
    }

    /** How many messages fit. */
    public int capacity() {
        return capacity;
    }

    /** How many receivers each message is expected at. */
    public int receivers() {
        return receivers;
    }

    /** Messages from {@code seq} on are measured (the ones before were the warm-up). */
    public void measureFrom(long seq) {
        measureFrom = seq;
    }

    /** The sender has sent messages 0 to {@code count - 1}. */
    public void sent(long count) {
        sent = count;
    }

    /** Deliveries expected in all of what was sent so far. */
    public long expected() {
        return (long) receivers * sent;
    }

    /** Waits up to {@code nanos} for one more message to have reached every receiver. */
    public boolean awaitComplete(long nanos) throws InterruptedException {
        return window.tryAcquire(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Deliveries of measured messages so far. */
    public long measured() {
        return measured.sum();
    }

    /** Deliveries of every message so far (warm-up included). */
    public long all() {
        return all.sum();
    }

    /** Deliveries expected of the measured messages that did not arrive. */
    public long lost() {
        return measureFrom == Long.MAX_VALUE ? 0 : (long) receivers * (sent - measureFrom) - measured.sum();
    }

    /** Arrivals of a message older than one the receiver already had. */
    public long outOfOrder() {
        return outOfOrder.sum();
    }

    /** Arrivals of the message the receiver got last, again. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** {@link System#nanoTime()} of the last measured delivery, or {@link Long#MIN_VALUE}. */
    public long lastDeliveryNanos() {
        return lastDelivery.get();
    }

    /** How many deliveries receiver {@code i} got in all. */
    public int receivedBy(int i) {
        return receiverCounts.get(i);
    }

    /** The delivery latencies of the measured messages, in nanoseconds. */
    public Histogram latency() {
        return latency;
    }
}
