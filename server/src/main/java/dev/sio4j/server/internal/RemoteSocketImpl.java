// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.SocketDetails;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.RemoteSocket;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fetched socket: a snapshot of its details, with actions addressed to its id through the
 * adapter (so they work for sockets of other nodes too).
 *
 * <p>Thread-safe.
 */
final class RemoteSocketImpl implements RemoteSocket {

    private final NamespaceImpl nsp;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Map<String, Object> data;

    RemoteSocketImpl(NamespaceImpl nsp, SocketDetails details) {
        this.nsp = nsp;
        this.id = details.id();
        this.handshake = details instanceof SocketImpl s ? s.handshake() : Handshake.fromJson(details.handshakeJson());
        this.rooms = Set.copyOf(details.rooms());
        this.data = details.data();
    }

    private BroadcastOperatorImpl self() {
        return new BroadcastOperatorImpl(nsp, Set.of(id), Set.of(), BroadcastFlags.DEFAULT);
    }

    @Override public String id() { return id; }
    @Override public Handshake handshake() { return handshake; }
    @Override public Set<String> rooms() { return rooms; }
    @Override public Map<String, Object> data() { return data; }
    @Override public boolean emit(String event, Object... args) { return self().emit(event, args); }
    @Override public void join(String room) { self().socketsJoin(room); }
    @Override public void join(Collection<String> more) { self().socketsJoin(more); }
    @Override public void leave(String room) { self().socketsLeave(List.of(room)); }
    @Override public void disconnect(boolean close) { self().disconnectSockets(close); }

    @Override
    public String toString() {
        return "RemoteSocket[" + id + "]";
    }
}
