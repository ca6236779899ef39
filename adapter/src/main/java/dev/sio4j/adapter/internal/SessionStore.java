// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.PersistedSession;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Connection state recovery bookkeeping of one namespace on one node: the sessions of sockets
 * that dropped, and the broadcast EVENT packets of the last {@code maxDisconnectionDuration},
 * each with its offset. Entries older than the window are pruned on every call.
 *
 * <p>Thread-safe (one monitor; no foreign code is called while it is held).
 */
public final class SessionStore {

    private record StoredPacket(String offset, BroadcastOptions opts, ArrayNode data, long emittedAt) {
    }

    private record StoredSession(PersistedSession session, long disconnectedAt) {
    }

    private final long windowMillis;
    private final LongSupplier clock;
    private final String offsetPrefix;
    private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>();
    private final Map<String, StoredPacket> packetsByOffset = new HashMap<>();
    private final Map<String, StoredSession> sessions = new HashMap<>();
    private long nextOffset;

    /** A store keeping entries for {@code window}; {@code clock} gives milliseconds. */
    public SessionStore(Duration window, LongSupplier clock) {
        this.windowMillis = window.toMillis();
        this.clock = clock;
        // A random prefix keeps offsets of a restarted node from matching stale ones.
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        this.offsetPrefix = sb.append('-').toString();
    }

    /**
     * Appends a fresh offset to {@code data} (a copy of the caller's array), remembers the packet,
     * and returns the new array.
     */
    public synchronized ArrayNode record(ArrayNode data, BroadcastOptions opts) {
        long now = clock.getAsLong();
        prunePackets(now - windowMillis);
        String offset = offsetPrefix + Long.toString(nextOffset++, 36);
        ArrayNode withOffset = data.deepCopy();
        withOffset.add(offset);
        StoredPacket p = new StoredPacket(offset, opts, withOffset, now);
        packets.addLast(p);
        packetsByOffset.put(offset, p);
        return withOffset;
    }

    /** Keeps {@code session} from now on. */
    public synchronized void persist(PersistedSession session) {
        long now = clock.getAsLong();
        prune(now);
        sessions.put(session.pid(), new StoredSession(session, now));
    }

    /** Removes and returns the session {@code pid} with what it missed after {@code offset}. */
    public synchronized Optional<RestoredSession> restore(String pid, String offset) {
        long now = clock.getAsLong();
        prune(now);
        StoredSession stored = sessions.get(pid);
        if (stored == null) {
            return Optional.empty();
        }
        StoredPacket from = packetsByOffset.get(offset);
        if (from == null) {
            return Optional.empty();
        }
        sessions.remove(pid);
        List<ArrayNode> missed = new ArrayList<>();
        boolean after = false;
        for (StoredPacket p : packets) {
            if (after && p.opts().matches(stored.session().rooms())) {
                missed.add(p.data());
            } else if (p == from) {
                after = true;
            }
        }
        return Optional.of(new RestoredSession(stored.session(), missed));
    }

    /** How many packets and sessions are held (for tests and metrics). */
    public synchronized int size() {
        return packets.size() + sessions.size();
    }

    /** Forgets everything. */
    public synchronized void clear() {
        packets.clear();
        packetsByOffset.clear();
        sessions.clear();
    }

    /** Drops what is older than the window; also called by a periodic sweep. */
    public synchronized void prune() {
        prune(clock.getAsLong());
    }

    private void prune(long now) {
        long limit = now - windowMillis;
        prunePackets(limit);
        sessions.values().removeIf(s -> s.disconnectedAt() < limit);
    }

    private void prunePackets(long limit) {
        while (!packets.isEmpty() && packets.peekFirst().emittedAt() < limit) {
            packetsByOffset.remove(packets.pollFirst().offset());
        }
    }
}
