// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.redis;

/**
 * Which Redis channels the sharded adapter uses per namespace (the official
 * {@code subscriptionMode}); every node of a cluster should use the same.
 */
public enum SubscriptionMode {
    /**
     * Two channels per namespace: {@code socket.io#<nsp>#} for everything and
     * {@code socket.io#<nsp>#<uid>#} for the answers to this node. Suits dynamic namespaces.
     */
    STATIC,
    /**
     * The default: also one channel per public room ({@code socket.io#<nsp>#<room>#}), which a
     * node subscribes while the room has a member there, so a broadcast to exactly one room
     * reaches only the nodes that serve it. A room whose name is 20 characters long is taken
     * for a socket id and uses the namespace's channel, as the official adapter does.
     */
    DYNAMIC,
    /** Like {@link #DYNAMIC}, and every socket's own room (its id) gets a channel too. */
    DYNAMIC_PRIVATE
}
