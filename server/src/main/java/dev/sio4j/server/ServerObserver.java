// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.engine.EngineObserver;

/**
 * What a Socket.IO server reports to a metrics library: everything of {@link EngineObserver}
 * (sessions, packets, bytes, upgrades, refusals, drops) and, per namespace, sockets connected and
 * disconnected, broadcasts with their fan-out, acknowledgement round trips and timeouts, and the
 * time spent in event listeners. Register one with {@link SocketIoServer#observe}; the
 * {@code sio4j-micrometer} module's {@code SocketIoMetrics} is one. Every method has an empty
 * default.
 *
 * <p><b>Calls come from the server's event loops</b> (and its timer thread, and whichever thread
 * emits a broadcast): an implementation must be thread-safe, fast and never block, take no lock
 * that I/O may hold, and must not throw. Increment a counter or record a timer; do not log,
 * allocate per call, or call back into the server. Arguments are strings the server already
 * holds, primitives and enum constants, so a call allocates nothing; with no observer
 * registered nothing is measured (no clock read).
 *
 * <p>Namespace names come from the server's namespaces; with dynamic namespaces (a pattern or
 * a matcher) every child is its own name, which a metrics library may want to group.
 *
 * <pre>{@code
 * LongAdder connects = new LongAdder();
 * io.observe(new ServerObserver() {
 *     @Override public void socketConnected(String namespace) {
 *         connects.increment();
 *     }
 * });
 * }</pre>
 */
public interface ServerObserver extends EngineObserver {

    /** A socket connected to {@code namespace} (its middlewares passed). */
    default void socketConnected(String namespace) {
    }

    /** A connected socket of {@code namespace} disconnected, once per socket. */
    default void socketDisconnected(String namespace, DisconnectReason reason) {
    }

    /**
     * A broadcast of {@code namespace} was handed to this node's sockets: {@code recipients} is
     * how many sessions took it (volatile messages a session could not take are not counted;
     * see {@link #messageDropped}). Called once per broadcast and node, after its fan-out, on the
     * thread that emitted it (or the cluster adapter's, for a broadcast from another node).
     */
    default void broadcastSent(String namespace, int recipients) {
    }

    /**
     * The answer to an emit with an acknowledgement came back, {@code roundTripNanos} after the
     * emit (one call per socket that answered a broadcast with an ack).
     */
    default void ackReceived(String namespace, long roundTripNanos) {
    }

    /** An acknowledgement was not answered within its timeout. */
    default void ackTimedOut(String namespace) {
    }

    /**
     * The listeners of one event (or of {@code disconnect}/{@code disconnecting}) of a socket of
     * {@code namespace} ran, taking {@code nanos} together. On the listener's thread.
     */
    default void listenersRan(String namespace, long nanos) {
    }
}
