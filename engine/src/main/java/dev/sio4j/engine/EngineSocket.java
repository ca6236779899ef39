// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import io.netty.channel.EventLoop;

/**
 * One Engine.IO session (one {@code sid}), whatever transport currently carries it. Created by
 * the engine after a successful handshake and handed to the {@code onConnection} callback of
 * {@link EngineServer#create}; the session owns its transports, the upgrade, the heartbeat, the
 * outbound queue and the close.
 *
 * <p>Thread-safe: every method may be called from any thread. Its state is confined to one event
 * loop, {@link #eventLoop()}; calls from other threads are handed to that loop. Every
 * {@link Listener} call runs on that loop, in order, and must not block it.
 *
 * <p>Writes are queued and flushed once per event-loop turn. The outbound queue is bounded in
 * packets and bytes ({@link EngineOptions#maxOutboundQueue()}, {@link EngineOptions#maxOutboundBytes()}):
 * when it is full a volatile message is dropped and any other message closes the session with
 * {@link CloseReason#TRANSPORT_ERROR}.
 *
 * <pre>{@code
 * EngineServer.create(options, socket -> socket.setListener(new EngineSocket.Listener() {
 *     public void onMessage(String text) { socket.send(text); }        // echo
 *     public void onBinary(byte[] data) { socket.send(data); }
 *     public void onClose(CloseReason reason, String description) { }
 * }));
 * }</pre>
 */
public interface EngineSocket {

    /** The session id: at least 120 random bits, URL-safe. A bearer secret: never log it. */
    String id();

    /** The transport currently in use (changes from POLLING to WEBSOCKET after an upgrade). */
    Transport transport();

    /** The handshake request that opened the session. */
    EngineRequest request();

    /**
     * Who the client is, as the {@link AllowRequest} that admitted the session said
     * ({@link AllowRequest.Decision#allowAs}), or null.
     */
    String identity();

    /** The Engine.IO protocol revision, always 4. */
    int protocol();

    /** The event loop that owns this session's state and runs its listener. */
    EventLoop eventLoop();

    /** Whether the session is open (false once closing has begun). */
    boolean isOpen();

    /**
     * Queues a text MESSAGE.
     *
     * @return false when the message was dropped (session closed, or the queue was full, which
     *     also closes the session)
     */
    boolean send(String text);

    /** Queues a binary MESSAGE; the array is not copied. Returns as {@link #send(String)}. */
    boolean send(byte[] data);

    /**
     * Queues a prepared message (a text frame and its attachments, delivered together). The
     * message's buffers are duplicated before this returns, so the caller may close it afterwards.
     *
     * <p>A volatile message is dropped, as engine.io drops it when {@code transport.writable} is
     * false, only when the transport cannot take it now:
     * <ul>
     *   <li>polling: no GET is pending;</li>
     *   <li>WebSocket: the connection is busy, i.e. its channel is not writable (Netty's outbound
     *       buffer is above the channel's write-buffer high-water mark, 64 KiB by default: the
     *       client reads slower than the server writes), or batches on their way to the
     *       channel's event loop hold that many bytes;</li>
     *   <li>an upgrade is in progress, or the outbound queue is full.</li>
     * </ul>
     * Otherwise it is queued like any message; packets sent earlier in the same event-loop turn
     * do not make the transport busy, they simply leave in the same batch.
     *
     * @param volatileMessage whether the message may be dropped as above instead of queued
     * @return whether the message was queued
     */
    boolean send(EngineMessage message, boolean volatileMessage);

    /**
     * Closes the session: flushes what is queued, sends a CLOSE packet, closes the transport,
     * then calls {@link Listener#onClose} with {@link CloseReason#FORCED_CLOSE}. Idempotent.
     */
    void close();

    /**
     * Sets the listener (replacing any previous one). Set it inside the {@code onConnection}
     * callback so that no message is missed: messages that arrive before a listener is set are
     * kept (up to the outbound queue cap) and delivered to it.
     */
    void setListener(Listener listener);

    /**
     * Receives the session's events, always on {@link EngineSocket#eventLoop()}, in order.
     * {@link #onClose} is called exactly once; nothing is called after it. Exceptions thrown by
     * a listener are logged and do not affect the session.
     */
    interface Listener {

        /** A text MESSAGE arrived. */
        void onMessage(String text);

        /** A binary MESSAGE arrived; the array belongs to the listener. */
        void onBinary(byte[] data);

        /**
         * The session closed.
         *
         * @param reason      the typed reason
         * @param description details for logs (e.g. "invalid heartbeat direction"), may be empty
         */
        void onClose(CloseReason reason, String description);

        /** The session moved to {@code transport} (an upgrade completed). */
        default void onUpgrade(Transport transport) {
        }

        /** Everything queued so far has been handed to the transport. */
        default void onDrain() {
        }

        /** A pong arrived (the client is alive). */
        default void onHeartbeat() {
        }
    }
}
