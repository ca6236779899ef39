// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.protocol.AckException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to one socket with modifiers (socket.io's {@code socket.volatile}, {@code compress},
 * {@code timeout} flags). An immutable value: the socket itself keeps no flags, so concurrent
 * emitters never see each other's modifiers.
 *
 * <pre>{@code
 * socket.timeout(Duration.ofSeconds(5)).emitWithAck("ping", 1).thenAccept(reply -> ...);
 * socket.volatile_().emit("position", x, y);
 * socket.volatile_().broadcast().emit("typing");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface SocketEmitter {

    /** The packet may be dropped if the transport is busy. */
    SocketEmitter volatile_();

    /** Whether the packet may be compressed (default true). */
    SocketEmitter compress(boolean compress);

    /** Waits at most {@code timeout} for the acknowledgement. */
    SocketEmitter timeout(Duration timeout);

    /**
     * Emits {@code event} with {@code args} to the socket. When the last argument is an
     * {@link AckCallback} the client is asked to acknowledge.
     *
     * @return false when the packet was dropped (volatile, full queue, disconnected socket)
     * @throws IllegalArgumentException for a reserved event name
     */
    boolean emit(String event, Object... args);

    /**
     * Emits and completes with the client's first ack argument ({@code MissingNode} if none);
     * fails with {@link AckException}: {@code TIMEOUT} after the timeout, {@code DISCONNECTED}
     * when the socket went first.
     */
    CompletableFuture<JsonNode> emitWithAck(String event, Object... args);

    /**
     * Like {@link #emitWithAck(String, Object...)}, with the client's first ack argument mapped
     * to {@code type} by the server's payload mapper (null if the client sent none); fails with
     * {@link dev.sio4j.protocol.PayloadMappingException} when it does not map.
     */
    <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args);

    /** Every other socket of the namespace, with these modifiers. */
    BroadcastOperator broadcast();

    /** The sockets in {@code room} but this one, with these modifiers. */
    BroadcastOperator to(String room);

    /** The sockets in each of {@code rooms} but this one, with these modifiers. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String)}. */
    BroadcastOperator in(String room);

    /** Every socket but this one and those in {@code room}, with these modifiers. */
    BroadcastOperator except(String room);
}
