// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

/**
 * A message could not be handed to the cluster's transport (its connection is down, or it
 * refused the message). Local delivery is not affected: the node goes on serving its own
 * sockets, and the failure is counted in {@link ClusterStats#publishFailures()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterPublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final MessageType messageType;

    /** A failure to publish a message of {@code messageType} (may be null, see {@link #messageType()}). */
    public ClusterPublishException(MessageType messageType, String message, Throwable cause) {
        super(message, cause);
        this.messageType = messageType;
    }

    /**
     * The type of the message that was not published, or null when the failure came before any
     * message of this vocabulary (counting the nodes for a request, or a request of the
     * transport's own such as the classic Redis adapter's ALL_ROOMS).
     */
    public MessageType messageType() {
        return messageType;
    }
}
