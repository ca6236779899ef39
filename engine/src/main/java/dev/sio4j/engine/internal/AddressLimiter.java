// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.RateLimit;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The per-address limits of {@link ConnectionLimits}: open sessions and a handshake token bucket
 * per client address (IPv6 per /64). One entry per address with an open session or a bucket not
 * yet refilled; an entry that is neither (it would behave exactly like a new one) is dropped when
 * its last session ends, and by a sweep at most every {@link #SWEEP_INTERVAL_NANOS}, run by
 * whichever handshake comes along. So memory follows the live sessions and the recent handshake
 * rate, whatever number of addresses clients cycle through.
 *
 * <p>Thread-safe: every change to an entry happens inside the map's {@code compute} for its key,
 * which never blocks for long (no I/O, no user code).
 */
final class AddressLimiter {

    static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Why a handshake was refused. */
    enum Refusal { TOO_MANY_CONNECTIONS, HANDSHAKE_RATE }

    /**
     * The outcome of {@link #admit}: a lease to release when the session ends (never null when
     * admitted), or a refusal with how long the client should wait (0 when unknown).
     */
    record Admission(Lease lease, Refusal refusal, long retryAfterNanos) {
        boolean admitted() {
            return refusal == null;
        }
    }

    /** One admitted session's hold on its address's entry; {@link #release()} runs once. */
    final class Lease {
        private final Key key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Key key) {
            this.key = key;
        }

        void release() {
            if (key != null && released.compareAndSet(false, true)) {
                AddressLimiter.this.release(key);
            }
        }
    }

    /** An address's bytes (IPv6: its /64), for equality. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static final class Entry {
        final TokenBucket bucket;
        int open;

        Entry(RateLimit rate, long now) {
            this.bucket = rate == null ? null : new TokenBucket(rate, now);
        }

        boolean idle(long now) {
            return open == 0 && (bucket == null || bucket.isFull(now));
        }
    }

    private final ConnectionLimits limits;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;
    private final Lease unlimited = new Lease(null);

    AddressLimiter(ConnectionLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.clock = nanoClock;
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    /** Takes a handshake token and a session slot for {@code client}, or says why not. */
    Admission admit(InetAddress client) {
        if (client == null || !limits.limitsAddresses() || (client.isLoopbackAddress() && !limits.limitLoopback())) {
            return new Admission(unlimited, null, 0);
        }
        long now = clock.getAsLong();
        sweepIfDue(now);
        Key key = keyOf(client);
        Admission[] out = new Admission[1];
        entries.compute(key, (k, e) -> {
            Entry entry = e == null ? new Entry(limits.handshakesPerIp(), now) : e;
            int max = limits.maxConnectionsPerIp();
            if (max > 0 && entry.open >= max) {
                out[0] = new Admission(null, Refusal.TOO_MANY_CONNECTIONS, 0);
            } else if (entry.bucket != null && !entry.bucket.tryTake(1, now)) {
                out[0] = new Admission(null, Refusal.HANDSHAKE_RATE, entry.bucket.nanosUntilOne(now));
            } else {
                entry.open++;
                out[0] = new Admission(new Lease(k), null, 0);
            }
            return entry.idle(now) ? null : entry;
        });
        return out[0];
    }

    private void release(Key key) {
        long now = clock.getAsLong();
        entries.computeIfPresent(key, (k, e) -> {
            e.open--;
            return e.idle(now) ? null : e;
        });
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    /** Drops every idle entry. */
    void sweep(long now) {
        for (Key k : entries.keySet()) {
            entries.computeIfPresent(k, (key, e) -> e.idle(now) ? null : e);
        }
    }

    /** Tracked addresses (for tests: back to the baseline once clients are gone). */
    int size() {
        return entries.size();
    }

    /** The /64 of an IPv6 address (one subscriber's block), an IPv4 address as is. */
    private static Key keyOf(InetAddress client) {
        byte[] b = IpAddresses.canonical(client.getAddress());
        if (client instanceof Inet6Address && b.length == 16) {
            b = Arrays.copyOf(b, 8);
        }
        return new Key(b);
    }
}
