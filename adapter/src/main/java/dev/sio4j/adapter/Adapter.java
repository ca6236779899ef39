// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The rooms and broadcast engine of one namespace (socket.io's {@code Adapter}). It knows which
 * socket is in which room and delivers packets to the matching sockets: locally for
 * {@link InMemoryAdapter}, and through a message bus to other nodes for a cluster adapter.
 *
 * <p>A broadcast is encoded once: {@link #broadcast} turns the packet into its wire form a
 * single time, prepares it once with {@link AdapterNamespace#prepare}, and hands the same
 * prepared frames to every target.
 *
 * <p>Lifecycle: created by an {@link AdapterFactory} when the namespace is created, then
 * {@link #init()}; {@link #close()} when the namespace or server goes away.
 *
 * <p>Implementations are thread-safe: sockets on different event loops join, leave and
 * broadcast concurrently. They call no user code while holding a lock.
 */
public interface Adapter extends AutoCloseable {

    /** Starts the adapter (subscriptions, timers); completes when it is ready. */
    CompletableFuture<Void> init();

    /** Adds socket {@code id} to {@code rooms}. */
    void addAll(String id, Set<String> rooms);

    /** Removes socket {@code id} from {@code room}. */
    void del(String id, String room);

    /** Removes socket {@code id} from every room. */
    void delAll(String id);

    /**
     * Sends {@code packet} (an EVENT; its namespace is set to this adapter's) to every socket
     * matching {@code opts}. With connection state recovery on, an EVENT without ack id that is
     * not volatile gets an offset appended as its last argument and is kept for replay.
     */
    void broadcast(SocketPacket packet, BroadcastOptions opts);

    /**
     * Like {@link #broadcast} but each target is expected to acknowledge: the packet gets a fresh
     * ack id, {@code clientCount} is told how many sockets (of this node) it was sent to, and
     * {@code onResponse} receives each socket's first ack argument.
     */
    void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                          Consumer<JsonNode> onResponse);

    /** The ids of the local sockets in any of {@code rooms} (all local sockets when empty). */
    Set<String> sockets(Set<String> rooms);

    /** The rooms of local socket {@code id}, or an empty set. */
    Set<String> socketRooms(String id);

    /** A snapshot of the local rooms and their members. */
    Map<String, Set<String>> rooms();

    /**
     * The names of the rooms that have members, on every node (socket.io's {@code allRooms()});
     * here, this node's. Socket ids count as rooms, as in socket.io.
     */
    default CompletableFuture<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(Set.copyOf(rooms().keySet()));
    }

    /** The sockets matching {@code opts}, on every node unless the flags say local. */
    CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts);

    /** Makes the sockets matching {@code opts} join {@code rooms}. */
    void addSockets(BroadcastOptions opts, Set<String> rooms);

    /** Makes the sockets matching {@code opts} leave {@code rooms}. */
    void delSockets(BroadcastOptions opts, Set<String> rooms);

    /** Disconnects the sockets matching {@code opts}; with {@code close} their connections too. */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends {@code args} (event name first) to the same namespace on the other nodes; never to
     * this node. A single node has no others, so the in-memory adapter does nothing.
     */
    void serverSideEmit(List<JsonNode> args);

    /**
     * Like {@link #serverSideEmit} and collects one answer per other node within
     * {@code timeout}; fails with {@link java.util.concurrent.TimeoutException} when some are
     * missing. On a single node it completes at once with an empty list.
     */
    CompletableFuture<List<JsonNode>> serverSideEmitWithAck(List<JsonNode> args, Duration timeout);

    /** Keeps a disconnected socket's state for connection state recovery. */
    void persistSession(PersistedSession session);

    /**
     * The session {@code pid} with the packets emitted after {@code offset} that it would have
     * received, or empty when the pid is unknown, expired, or the offset is unknown. A session
     * is handed out at most once.
     */
    CompletableFuture<Optional<RestoredSession>> restoreSession(String pid, String offset);

    /**
     * Adds a listener of this node's sockets joining and leaving rooms. The in-memory adapter,
     * and the cluster adapters built on it, report every change; an adapter that cannot returns
     * false and the listener is not called.
     *
     * @return whether the listener will be called
     */
    default boolean addRoomListener(RoomListener listener) {
        return false;
    }

    /** Removes a listener added with {@link #addRoomListener}; does nothing when it was not added. */
    default void removeRoomListener(RoomListener listener) {
    }

    /** How many nodes serve this namespace (1 for the in-memory adapter). */
    CompletableFuture<Integer> serverCount();

    /** Stops the adapter and forgets its state; idempotent. */
    @Override
    void close();
}
