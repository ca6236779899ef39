// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.protocol.AckException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Selects sockets of one namespace and acts on them (socket.io's {@code BroadcastOperator}).
 * An immutable value: every modifier returns a new operator, so one may be kept and reused.
 * {@code to}/{@code in} add rooms (union; no room means every socket), {@code except} excludes
 * the sockets of rooms (a socket id is a room of its own). A broadcast is encoded once.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("banned").emit("tick", now);
 * io.timeout(Duration.ofSeconds(2)).emitWithAck("poll").thenAccept(responses -> ...);
 * io.in("room1").socketsJoin("room2");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface BroadcastOperator {

    /** Also targets the sockets in {@code room}. */
    BroadcastOperator to(String room);

    /** Also targets the sockets in each of {@code rooms}. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String)}. */
    BroadcastOperator in(String room);

    /** Same as {@link #to(Collection)}. */
    BroadcastOperator in(Collection<String> rooms);

    /** Excludes the sockets in {@code room}. */
    BroadcastOperator except(String room);

    /** Excludes the sockets in each of {@code rooms}. */
    BroadcastOperator except(Collection<String> rooms);

    /** The packet may be dropped for clients whose transport is busy. */
    BroadcastOperator volatile_();

    /** Whether the packet may be compressed (default true; only with per-message deflate). */
    BroadcastOperator compress(boolean compress);

    /** Only the sockets of this node (no effect on a single node). */
    BroadcastOperator local();

    /** Waits at most {@code timeout} for the acknowledgements of an emission. */
    BroadcastOperator timeout(Duration timeout);

    /**
     * Emits {@code event} with {@code args} (any JSON-able values; byte[]/ByteBuffer at any depth
     * become binary) to the selected sockets. When the last argument is a
     * {@link BroadcastAckCallback}, each client is asked to acknowledge (this needs
     * {@link #timeout}) and the callback gets one response per client.
     *
     * @return true
     * @throws IllegalArgumentException for a reserved event name ({@code connect},
     *     {@code connect_error}, {@code disconnect}, {@code disconnecting}, {@code newListener},
     *     {@code removeListener})
     * @throws IllegalStateException    for an ack callback without {@link #timeout}
     */
    boolean emit(String event, Object... args);

    /**
     * Emits and collects one response (each client's first ack argument) per client; fails with
     * {@link AckException} (carrying the responses received) after {@link #timeout}.
     *
     * @throws IllegalStateException without {@link #timeout}
     */
    CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args);

    /**
     * As {@link #emitWithAck(String, Object...)}, with each response mapped to {@code type} by the
     * server's {@link dev.sio4j.protocol.PayloadMapper} (a client that acknowledged with no
     * argument gives null). A response that does not map fails the future with
     * {@link dev.sio4j.protocol.PayloadMappingException}; on timeout the {@link AckException}
     * carries the responses received, unmapped.
     *
     * <pre>{@code
     * io.timeout(Duration.ofSeconds(2)).emitWithAck(Vote.class, "poll")
     *         .thenAccept(votes -> votes.forEach(v -> tally(v)));
     * }</pre>
     *
     * @throws IllegalStateException without {@link #timeout}
     */
    <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args);

    /** The selected sockets (on every node unless {@link #local()}). */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /** Makes the selected sockets join {@code room}. */
    void socketsJoin(String room);

    /** Makes the selected sockets join each of {@code rooms}. */
    void socketsJoin(Collection<String> rooms);

    /** Makes the selected sockets leave {@code room}. */
    void socketsLeave(String room);

    /** Makes the selected sockets leave each of {@code rooms}. */
    void socketsLeave(Collection<String> rooms);

    /** Disconnects the selected sockets; with {@code close} their whole connections too. */
    void disconnectSockets(boolean close);
}
