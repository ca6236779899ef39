// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.protocol.AckException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Emits with retries (the {@code retries} option): one packet in flight at a time, in order;
 * each is sent again with a new ack id until the server acknowledges it or {@code retries}
 * extra attempts failed (timeout or disconnect). Delivery is at-least-once: a server that got
 * the packet but whose ack was lost sees it again.
 *
 * <p>Confined to the manager's event loop.
 */
final class RetryQueue {

    private static final class Entry {
        final String event;
        final ArrayNode data;
        final Object[] userArgs;
        final AckCallback ack;
        final Flags flags;
        int tries;
        boolean pending;

        Entry(String event, ArrayNode data, Object[] userArgs, AckCallback ack, Flags flags) {
            this.event = event;
            this.data = data;
            this.userArgs = userArgs;
            this.ack = ack;
            this.flags = flags;
        }
    }

    private final RealSocket socket;
    private final int retries;
    private final Deque<Entry> queue = new ArrayDeque<>();

    RetryQueue(RealSocket socket, int retries) {
        this.socket = socket;
        this.retries = retries;
    }

    void add(String event, ArrayNode data, Object[] userArgs, AckCallback ack, Flags flags) {
        queue.add(new Entry(event, data, userArgs, ack, flags));
        drain(false);
    }

    /** Sends the head of the queue; {@code force} re-sends it even if it is in flight (after a reconnect). */
    void drain(boolean force) {
        if (!socket.isConnectedOnLoop() || queue.isEmpty()) {
            return;
        }
        Entry head = queue.peek();
        if (head.pending && !force) {
            return;
        }
        head.pending = true;
        head.tries++;
        AckCallback onAck = (error, args) -> {
            if (queue.peek() != head) {
                return; // an older attempt answering late: already settled
            }
            if (error != null) {
                if (head.tries > retries) {
                    queue.poll();
                    notify(head, error, args);
                }
            } else {
                queue.poll();
                notify(head, null, args);
            }
            head.pending = false;
            drain(false);
        };
        socket.submit(head.event, head.data, head.userArgs, onAck, head.flags, true);
    }

    private static void notify(Entry e, AckException error, java.util.List<com.fasterxml.jackson.databind.JsonNode> args) {
        if (e.ack != null) {
            e.ack.onAck(error, args);
        }
    }

    int size() {
        return queue.size();
    }
}
