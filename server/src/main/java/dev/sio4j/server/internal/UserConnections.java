// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Engine.IO connections each identity holds on this server, for
 * {@code SocketLimits.maxConnectionsPerUser}: per identity, its clients with how many of their
 * sockets carry it (several namespaces of one connection count once). An identity with no
 * socket left is dropped, so the map follows the connected users.
 *
 * <p>Thread-safe: each identity's entry changes only inside the map's {@code compute}, which
 * runs no user code and no I/O.
 */
final class UserConnections {

    private final int max;
    private final ConcurrentHashMap<String, Map<ConnectionImpl, Integer>> byIdentity = new ConcurrentHashMap<>();

    /** {@code max}: connections per identity; 0 = no limit (nothing is tracked). */
    UserConnections(int max) {
        this.max = max;
    }

    /** Counts a socket of {@code client} for {@code identity}; false when that would be one connection too many. */
    boolean tryAdd(String identity, ConnectionImpl client) {
        if (max == 0) {
            return true;
        }
        boolean[] added = new boolean[1];
        byIdentity.compute(identity, (k, clients) -> {
            Map<ConnectionImpl, Integer> m = clients == null ? new HashMap<>() : clients;
            if (m.containsKey(client) || m.size() < max) {
                m.merge(client, 1, Integer::sum);
                added[0] = true;
            }
            return m.isEmpty() ? null : m;
        });
        return added[0];
    }

    /** Forgets one socket of {@code client} counted for {@code identity}. */
    void remove(String identity, ConnectionImpl client) {
        if (max == 0) {
            return;
        }
        byIdentity.computeIfPresent(identity, (k, clients) -> {
            clients.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
            return clients.isEmpty() ? null : clients;
        });
    }

    /** Identities with at least one counted socket (for the leak tests). */
    int identities() {
        return byIdentity.size();
    }
}
