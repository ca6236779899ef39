// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.protocol.AckException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements a socket waits for: ids, timeouts, and failing them on disconnect.
 * An ACK with an unknown id is ignored, so a server cannot make the map grow.
 *
 * <p>Confined to the manager's event loop.
 */
final class AckRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AckRegistry.class);

    /** {@code expired}: a zero timeout, which has already run out whatever the reply's timing. */
    private record Pending(AckCallback callback, Timers.Cancellable timer, boolean expired) {
    }

    /** The manager's current timers (a private runtime may be restarted, so asked each time). */
    private final Supplier<Timers> timers;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long nextId;

    AckRegistry(Supplier<Timers> timers) {
        this.timers = timers;
    }

    /** Registers an ack; with a timeout, a timed-out packet is also removed from {@code buffer}. */
    long register(AckCallback callback, Duration timeout, SendBuffer buffer) {
        long id = nextId++;
        Timers.Cancellable timer = null;
        if (timeout != null) {
            timer = timers.get().schedule(() -> {
                if (pending.remove(id) != null) {
                    buffer.removeAck(id);
                    call(callback, AckException.timeout(List.of()), List.of());
                }
            }, timeout.toMillis());
        }
        // A zero timeout has run out before any reply can count, as in socket.io-client where the
        // timer always fires first; a reply that wins the race on the event loop is ignored.
        boolean expired = timeout != null && (timeout.isZero() || timeout.isNegative());
        pending.put(id, new Pending(callback, timer, expired));
        return id;
    }

    void onAck(Long id, JsonNode data) {
        Pending p = id == null ? null : pending.get(id);
        if (p == null || p.expired()) {
            return; // unknown, repeated or already timed-out ack id: ignored, as socket.io-client does
        }
        pending.remove(id);
        if (p.timer != null) {
            p.timer.cancel();
        }
        List<JsonNode> args = new ArrayList<>(data.size());
        data.forEach(args::add);
        call(p.callback, null, args);
    }

    /** Fails the acks of packets already sent; those still buffered will be sent on reconnect. */
    void failSent(SendBuffer buffer) {
        List<AckCallback> failed = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            long id = e.getKey();
            if (!buffer.holdsAck(id)) {
                it.remove();
                if (e.getValue().timer != null) {
                    e.getValue().timer.cancel();
                }
                failed.add(e.getValue().callback);
            }
        }
        for (AckCallback cb : failed) {
            call(cb, AckException.disconnected(null), List.of());
        }
    }

    int size() {
        return pending.size();
    }

    private static void call(AckCallback cb, AckException error, List<JsonNode> args) {
        try {
            cb.onAck(error, args);
        } catch (RuntimeException e) {
            LOG.warn("ack callback threw", e);
        }
    }
}
