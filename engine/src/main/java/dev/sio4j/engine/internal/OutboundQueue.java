// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A session's outbound queue: the packets its transport could not take yet, bounded both in
 * packets ({@code maxOutboundQueue}) and in bytes ({@code maxOutboundBytes}), so that neither
 * many small messages nor a few huge ones can grow the heap (SECURITY-CASES row 20).
 *
 * <p>Room is reserved atomically from any thread ({@link #reserve}) so that a send can answer
 * synchronously; the items themselves are confined to the session's event loop. Control packets
 * (OPEN, PING, CLOSE) are counted but never refused.
 */
final class OutboundQueue {

    private final int maxPackets;
    private final long maxBytes;
    // Counters as fields with updaters, not Atomic* objects: one queue per session, thousands idle.
    private static final AtomicIntegerFieldUpdater<OutboundQueue> PACKETS =
            AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "packets");
    private static final AtomicLongFieldUpdater<OutboundQueue> BYTES =
            AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "bytes");
    private volatile int packets;
    private volatile long bytes;
    // Confined to the session's loop. Sized for an idle session (it grows when a burst comes).
    private final ArrayDeque<Outbound> items = new ArrayDeque<>(2);

    OutboundQueue(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** Reserves room for {@code count} packets of {@code size} bytes in all; false when a cap would be passed. Any thread. */
    boolean reserve(int count, long size) {
        boolean overPackets = PACKETS.addAndGet(this, count) > maxPackets;
        boolean overBytes = BYTES.addAndGet(this, size) > maxBytes;
        if (overPackets || overBytes) {
            unreserve(count, size);
            return false;
        }
        return true;
    }

    /** Reserves room for {@code batch}: its size in bytes, or -1 when a cap would be passed. Any thread. */
    long reserve(List<Outbound> batch) {
        long size = sizeOf(batch);
        return reserve(batch.size(), size) ? size : -1;
    }

    /** Gives back the room of a reserved batch that was not added after all. Any thread. */
    void unreserve(List<Outbound> batch) {
        unreserve(batch.size(), sizeOf(batch));
    }

    private static long sizeOf(List<Outbound> batch) {
        // Indexed, not an iterator: this runs for every delivery of a broadcast. Batches are
        // always random-access lists (List.of or ArrayList).
        long size = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
            size += batch.get(i).size();
        }
        return size;
    }

    /** Gives back room reserved for packets that were not added after all. Any thread. */
    void unreserve(int count, long size) {
        PACKETS.addAndGet(this, -count);
        BYTES.addAndGet(this, -size);
    }

    /** Adds packets whose room was reserved. Loop only. */
    void addReserved(List<Outbound> batch) {
        // Not addAll: ArrayDeque.addAll copies the batch to an array and walks it with a lambda.
        for (int i = 0, n = batch.size(); i < n; i++) {
            items.addLast(batch.get(i));
        }
    }

    /** Adds a control packet, counted but never refused. Loop only. */
    void addControl(Outbound packet) {
        PACKETS.incrementAndGet(this);
        BYTES.addAndGet(this, packet.size());
        items.add(packet);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Takes every queued packet, in order, and frees their room. Loop only. */
    List<Outbound> drain() {
        int count = items.size();
        List<Outbound> batch = new ArrayList<>(count);
        long size = 0;
        Outbound o;
        while ((o = items.pollFirst()) != null) {
            size += o.size();
            batch.add(o);
        }
        unreserve(count, size);
        return batch;
    }

    /**
     * Takes the first queued packet (null when empty) <em>without</em> freeing its room: the caller
     * gives the room of what it took back with {@link #unreserve(int, long)} once it is written.
     * Lets a transport write straight from the queue, without a batch list per flush. Loop only.
     */
    Outbound pollFirst() {
        return items.pollFirst();
    }

    /** Releases every queued packet's buffers. Loop only. */
    void releaseAll() {
        for (Outbound o : drain()) {
            o.release();
        }
    }

    /** Packets queued or reserved right now (for tests and diagnostics). */
    int packets() {
        return PACKETS.get(this);
    }

    /** Bytes queued or reserved right now. */
    long bytes() {
        return BYTES.get(this);
    }
}
