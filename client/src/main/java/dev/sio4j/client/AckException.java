// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

/**
 * An acknowledgement that will not come. Unchecked; immutable.
 */
public final class AckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the ack failed. */
    public enum Reason {
        /** No answer within the timeout ("operation has timed out"). */
        TIMEOUT,
        /** The socket disconnected before the answer ("socket has been disconnected"). */
        DISCONNECTED
    }

    private final Reason reason;

    public AckException(Reason reason) {
        super(reason == Reason.TIMEOUT ? "operation has timed out" : "socket has been disconnected", null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
