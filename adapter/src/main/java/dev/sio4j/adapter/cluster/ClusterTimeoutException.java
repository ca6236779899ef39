// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A cluster request ({@code fetchSockets}, {@code serverSideEmitWithAck}) did not get an answer
 * from every node in time. It carries what the nodes that did answer sent, this node's own
 * share included for {@code fetchSockets}: a node that died mid-request costs its answer, not
 * the others'.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    private final int received;
    private final int expected;
    private final transient List<?> responses;

    /** {@code received} of {@code expected} node answers came, with {@code responses} in them. */
    public ClusterTimeoutException(int received, int expected, List<?> responses) {
        super("timeout reached: only " + received + " responses received out of " + expected);
        this.received = received;
        this.expected = expected;
        this.responses = List.copyOf(responses);
    }

    /** How many nodes answered. */
    public int received() {
        return received;
    }

    /** How many nodes were expected to answer. */
    public int expected() {
        return expected;
    }

    /**
     * What arrived: {@link dev.sio4j.adapter.SocketDetails} for {@code fetchSockets}, JSON answers
     * for {@code serverSideEmitWithAck}.
     */
    public List<?> responses() {
        return responses;
    }
}
