// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets of one manager, by namespace (socket.io-client's {@code nsps}).
 *
 * <p>Thread-safe: sockets are added from any thread; the snapshots are taken on the loop.
 */
final class Namespaces {

    private final Map<String, RealSocket> byName = new ConcurrentHashMap<>();

    /** {@code namespace} with its leading slash. */
    static String normalize(String namespace) {
        return namespace.startsWith("/") ? namespace : "/" + namespace;
    }

    /** Adds {@code socket} unless its namespace has one; returns the existing one, or null. */
    RealSocket putIfAbsent(String nsp, RealSocket socket) {
        return byName.putIfAbsent(nsp, socket);
    }

    boolean has(String nsp) {
        return byName.containsKey(nsp);
    }

    /** The socket of {@code nsp} if it is subscribed (wants packets), else null. */
    RealSocket subscribed(String nsp) {
        RealSocket s = byName.get(nsp);
        return s != null && s.subscribed() ? s : null;
    }

    /**
     * The subscribed sockets, copied: a listener called while the caller walks them may add a
     * socket or unsubscribe one.
     */
    List<RealSocket> subscribed() {
        List<RealSocket> out = new ArrayList<>(byName.size());
        for (RealSocket s : byName.values()) {
            if (s.subscribed()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether any socket is still active (socket.io-client closes the connection when none is). */
    boolean anyActive() {
        for (RealSocket s : byName.values()) {
            if (s.active()) {
                return true;
            }
        }
        return false;
    }
}
