// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

/**
 * The acknowledgement a client asked for with an event: calling {@link #send} answers it with an
 * ACK packet. Only the first call counts; later calls do nothing (socket.io's behaviour).
 *
 * <pre>{@code
 * socket.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
 * }</pre>
 *
 * <p>Thread-safe: may be called from any thread, later, after the listener returned.
 */
public interface Ack {

    /**
     * Answers the client's event with {@code args} (any JSON-able values; byte[] and ByteBuffer
     * at any depth become binary attachments). A no-op when the client asked for no ack, after a
     * first call, or once the socket disconnected.
     */
    void send(Object... args);

    /** Whether the client asked for an acknowledgement (the event carried an ack id). */
    boolean requested();
}
