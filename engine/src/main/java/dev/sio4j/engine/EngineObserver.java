// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.protocol.engineio.EnginePacketType;

/**
 * What the Engine.IO layer reports to a metrics library: sessions opened and closed, packets and
 * bytes in and out, upgrades, refusals, dropped messages and slow consumers. Every method has an
 * empty default, so an implementation overrides only what it records. The Socket.IO server's
 * {@code ServerObserver} extends this interface; register one with
 * {@code SocketIoServer.observe(observer)}.
 *
 * <p><b>Calls come from the server's event loops</b> (and, for refusals, from whatever thread
 * refused): an implementation must be thread-safe, fast and never block, take no lock that I/O
 * may hold, and must not throw (an exception would reach the event loop of the connection that
 * caused the call). Increment a counter, record a timer; do not log, allocate per call or call
 * back into the server. Arguments are primitives and enum constants, so a call allocates
 * nothing, and with no observer registered nothing is measured at all (no clock read, no
 * byte count).
 *
 * <p>Byte counts are those of the Engine.IO packets as the transport carries them, without the
 * HTTP or WebSocket framing: the payload of a WebSocket frame, or the packet's element of a
 * long-polling payload (its UTF-8 length, base64 for binary).
 *
 * <pre>{@code
 * LongAdder bytesIn = new LongAdder();
 * io.observe(new ServerObserver() {
 *     @Override public void packetReceived(Transport transport, EnginePacketType type, int bytes) {
 *         bytesIn.add(bytes);
 *     }
 * });
 * }</pre>
 */
public interface EngineObserver {

    /** A session opened (its handshake was answered) on {@code transport}. */
    default void sessionOpened(Transport transport) {
    }

    /**
     * A session closed for the application, once per session, with the transport it was on
     * when it closed and how long it was open.
     */
    default void sessionClosed(Transport transport, CloseReason reason, long durationNanos) {
    }

    /** A session moved from long-polling to WebSocket. */
    default void sessionUpgraded(Transport from, Transport to) {
    }

    /** A packet arrived from a client ({@code bytes}: see the class doc). */
    default void packetReceived(Transport transport, EnginePacketType type, int bytes) {
    }

    /**
     * A packet left for a client ({@code bytes}: see the class doc). A broadcast counts once
     * per session that sends it.
     */
    default void packetSent(Transport transport, EnginePacketType type, int bytes) {
    }

    /**
     * A request or session was refused: an HTTP refusal (the handshake's, a later poll's or an
     * upgrade's) or a session ended for what its client sent; the same events as
     * {@link RefusalCounts}.
     */
    default void refused(RefusalCause cause) {
    }

    /**
     * A volatile message was not sent to one session: its transport could not take it at once,
     * or its outbound queue was full (engine.io drops such messages too).
     */
    default void messageDropped(Transport transport) {
    }

    /**
     * A session was closed because its outbound queue was full (a slow consumer: it reads slower
     * than the server writes to it). Its {@link #sessionClosed} follows with
     * {@link CloseReason#TRANSPORT_ERROR}.
     */
    default void slowConsumerClosed(Transport transport) {
    }
}
