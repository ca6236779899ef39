// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Who one socket belongs to, for {@code SocketLimits.maxConnectionsPerUser}: its own identity
 * (set by a middleware, before the socket connects) or else its engine session's, and the one
 * count the socket holds for it in {@link UserConnections} from its admission until it is
 * released. Releasing twice, or without a count, does nothing.
 *
 * <p>Thread-safe.
 */
final class SocketIdentity {

    private final UserConnections users;
    private final ConnectionImpl client;
    private volatile String own;
    /** The identity counted in {@link #users}, until released. */
    private final AtomicReference<String> counted = new AtomicReference<>();

    SocketIdentity(UserConnections users, ConnectionImpl client) {
        this.users = users;
        this.client = client;
    }

    /** The socket's own identity, else its session's; null when neither has one. */
    String get() {
        String o = own;
        return o != null ? o : client.conn().identity();
    }

    /** Sets the socket's own identity; the caller has checked it, and that the socket is not connected yet. */
    void set(String identity) {
        own = identity;
    }

    /** Counts the socket for its identity, if it has one; false when the identity holds too many connections. */
    boolean count() {
        String who = get();
        if (who == null) {
            return true;
        }
        if (!users.tryAdd(who, client)) {
            return false;
        }
        counted.set(who);
        return true;
    }

    /** Gives the count back; the socket left its namespace or was refused. */
    void release() {
        String who = counted.getAndSet(null);
        if (who != null) {
            users.remove(who, client);
        }
    }
}
