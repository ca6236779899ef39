// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.protocol.AckException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Emits events with flags: {@code socket.timeout(d).volatile_().emit(...)}. Every flag method
 * returns a new immutable value, so one socket can be used from several threads.
 *
 * <p>Thread-safe.
 */
public interface Emitter {

    /**
     * Emits {@code event} with JSON-able arguments; byte[] and ByteBuffer become binary
     * attachments at any depth. When the last argument is an {@link AckCallback}, the server is
     * asked to acknowledge. While disconnected the packet is buffered and sent on connect, unless
     * volatile. Never blocks.
     *
     * @throws IllegalArgumentException for a reserved event name (connect, connect_error,
     *                                  disconnect, disconnecting, newListener, removeListener)
     */
    Emitter emit(String event, Object... args);

    /**
     * Emits with an acknowledgement; the future completes with the server's first ack argument
     * (or null), or fails with {@link AckException}.
     */
    CompletableFuture<JsonNode> emitWithAck(String event, Object... args);

    /**
     * Emits with an acknowledgement whose first argument is mapped to {@code type} (Jackson);
     * the future fails with {@link AckException} as above, or with
     * {@link dev.sio4j.protocol.PayloadMappingException} when the answer does not map.
     */
    <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args);

    /** The ack of the next emits times out after {@code timeout}. */
    Emitter timeout(Duration timeout);

    /** The next emits are dropped instead of buffered when they cannot be written right now. */
    Emitter volatile_();

    /** Whether the next emits may be compressed (websocket per-message deflate). Default true. */
    Emitter compress(boolean compress);
}
