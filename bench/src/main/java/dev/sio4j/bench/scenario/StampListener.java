// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Deliveries;
import dev.sio4j.bench.driver.Messages;
import dev.sio4j.bench.driver.Peer;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Records every stamped message a peer receives into {@link Deliveries}; a BINARY_EVENT counts
 * when its attachment has arrived. Shared by all peers of a scenario: each peer's slot is only
 * touched on that peer's event loop.
 */
final class StampListener implements Peer.Listener {

    private final Deliveries deliveries;
    private final long[] pendingSeq;
    private final long[] pendingNanos;

    StampListener(Deliveries deliveries) {
        this.deliveries = deliveries;
        this.pendingSeq = new long[deliveries.receivers()];
        this.pendingNanos = new long[deliveries.receivers()];
        Arrays.fill(pendingSeq, -1);
    }

    @Override
    public void onEvent(Peer peer, ByteBuf packet) {
        long seq = Messages.seq(packet);
        if (seq < 0 || peer.index() >= pendingSeq.length) {
            return;
        }
        if (Messages.isBinary(packet)) {
            pendingSeq[peer.index()] = seq;
            pendingNanos[peer.index()] = Messages.nanos(packet);
        } else {
            deliveries.record(peer.index(), seq, Messages.nanos(packet));
        }
    }

    @Override
    public void onAttachment(Peer peer, ByteBuf data) {
        int i = peer.index();
        if (i < pendingSeq.length && pendingSeq[i] >= 0) {
            deliveries.record(i, pendingSeq[i], pendingNanos[i]);
            pendingSeq[i] = -1;
        }
    }
}
