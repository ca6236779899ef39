// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

/**
 * The message types of socket.io-adapter's {@code ClusterAdapter}, with their numbers on the
 * wire (the sharded Redis adapter and the Redis streams adapter send these numbers; the classic
 * Redis adapter has numbers of its own, mapped by its transport).
 *
 * <p>Immutable and thread-safe.
 */
public enum MessageType {
    INITIAL_HEARTBEAT(1),
    HEARTBEAT(2),
    BROADCAST(3),
    SOCKETS_JOIN(4),
    SOCKETS_LEAVE(5),
    DISCONNECT_SOCKETS(6),
    FETCH_SOCKETS(7),
    FETCH_SOCKETS_RESPONSE(8),
    SERVER_SIDE_EMIT(9),
    SERVER_SIDE_EMIT_RESPONSE(10),
    BROADCAST_CLIENT_COUNT(11),
    BROADCAST_ACK(12),
    ADAPTER_CLOSE(13);

    private static final MessageType[] BY_NUMBER = new MessageType[14];

    static {
        for (MessageType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;

    MessageType(int number) {
        this.number = number;
    }

    /** The number on the wire. */
    public int number() {
        return number;
    }

    /** The type numbered {@code number}, or null when there is none (a newer peer's type). */
    public static MessageType of(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
