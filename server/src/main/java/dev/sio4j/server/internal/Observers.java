// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import dev.sio4j.engine.internal.EngineObservers;
import dev.sio4j.engine.internal.RealEngineServer;
import dev.sio4j.protocol.engineio.EnginePacketType;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.ServerObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The observers of one server. The hot paths read {@link #current()} (one volatile read) and call
 * it: {@link #NONE} when nobody observes (empty methods, and {@link #active()} false so that no
 * clock is read), the one observer itself when there is one, a fan-out over an array otherwise.
 * The engine gets the same observer, or {@link EngineObservers#NONE}.
 *
 * <p>Thread-safe: changes are synchronized and publish a new immutable value.
 */
final class Observers {

    /** Hears nothing. */
    static final ServerObserver NONE = new ServerObserver() {
    };

    private final RealEngineServer engine;
    private final List<ServerObserver> all = new ArrayList<>(); // guarded by this
    private volatile ServerObserver current = NONE;

    Observers(RealEngineServer engine) {
        this.engine = engine;
    }

    /** The observer to call now; {@link #NONE} when nobody observes. */
    ServerObserver current() {
        return current;
    }

    /** Whether anybody observes (worth reading the clock for). */
    boolean active() {
        return current != NONE;
    }

    synchronized void add(ServerObserver observer) {
        all.add(Objects.requireNonNull(observer, "observer"));
        publish();
    }

    synchronized boolean remove(ServerObserver observer) {
        boolean removed = all.remove(observer);
        publish();
        return removed;
    }

    private void publish() {
        ServerObserver next = switch (all.size()) {
            case 0 -> NONE;
            case 1 -> all.get(0);
            default -> new Fanout(all.toArray(ServerObserver[]::new));
        };
        current = next;
        engine.observer(next == NONE ? EngineObservers.NONE : next);
    }

    /** Several observers, called in the order they were added. */
    private record Fanout(ServerObserver[] each) implements ServerObserver {
        @Override public void sessionOpened(Transport t) { for (ServerObserver o : each) o.sessionOpened(t); }
        @Override public void sessionClosed(Transport t, CloseReason r, long d) { for (ServerObserver o : each) o.sessionClosed(t, r, d); }
        @Override public void sessionUpgraded(Transport f, Transport t) { for (ServerObserver o : each) o.sessionUpgraded(f, t); }
        @Override public void packetReceived(Transport t, EnginePacketType p, int b) { for (ServerObserver o : each) o.packetReceived(t, p, b); }
        @Override public void packetSent(Transport t, EnginePacketType p, int b) { for (ServerObserver o : each) o.packetSent(t, p, b); }
        @Override public void refused(RefusalCause c) { for (ServerObserver o : each) o.refused(c); }
        @Override public void messageDropped(Transport t) { for (ServerObserver o : each) o.messageDropped(t); }
        @Override public void slowConsumerClosed(Transport t) { for (ServerObserver o : each) o.slowConsumerClosed(t); }
        @Override public void socketConnected(String n) { for (ServerObserver o : each) o.socketConnected(n); }
        @Override public void socketDisconnected(String n, DisconnectReason r) { for (ServerObserver o : each) o.socketDisconnected(n, r); }
        @Override public void broadcastSent(String n, int r) { for (ServerObserver o : each) o.broadcastSent(n, r); }
        @Override public void ackReceived(String n, long d) { for (ServerObserver o : each) o.ackReceived(n, d); }
        @Override public void ackTimedOut(String n) { for (ServerObserver o : each) o.ackTimedOut(n); }
        @Override public void listenersRan(String n, long d) { for (ServerObserver o : each) o.listenersRan(n, d); }
    }
}
