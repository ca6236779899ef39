// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.adapter.BroadcastOptions;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One message between the nodes of a cluster, in the vocabulary of socket.io-adapter's
 * {@code ClusterAdapter}: requests that every node receives, and responses addressed to the
 * node that asked. A transport turns these values into its wire format (the sharded and the
 * streams adapters use {@link ClusterMessageJson}; the classic Redis adapter maps them onto its
 * own channels and request numbers) and back.
 *
 * <p>Every message carries the sender's {@code uid} (one per namespace adapter) and the
 * namespace. Event arguments and answers are JSON trees; binary values are
 * {@link com.fasterxml.jackson.databind.node.BinaryNode}s.
 *
 * <p>Immutable and thread-safe; the JSON trees must not be modified once a message is built.
 */
public sealed interface ClusterMessage {

    /** The sender's adapter id. */
    String uid();

    /** The namespace, starting with {@code /}. */
    String nsp();

    /** The message's type number in socket.io-adapter's {@code MessageType}. */
    MessageType type();

    /** Responses are addressed to the node that sent the request ({@code requestId}). */
    sealed interface Response extends ClusterMessage {
        /** The request this answers. */
        String requestId();
    }

    /** A node announcing itself ({@code initial}, answered with a heartbeat) or saying it is alive. */
    record Heartbeat(String uid, String nsp, boolean initial) implements ClusterMessage {
        public Heartbeat {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
        }

        @Override
        public MessageType type() {
            return initial ? MessageType.INITIAL_HEARTBEAT : MessageType.HEARTBEAT;
        }
    }

    /** A node's adapter closing: the others forget it at once. */
    record AdapterClose(String uid, String nsp) implements ClusterMessage {
        public AdapterClose {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
        }

        @Override
        public MessageType type() {
            return MessageType.ADAPTER_CLOSE;
        }
    }

    /**
     * An EVENT for the sockets matching {@code opts} on every node; with a {@code requestId} each
     * node answers with a {@link BroadcastClientCount} and then one {@link BroadcastAck} per
     * acknowledging socket.
     *
     * @param data      the event's arguments, name first
     * @param requestId null for a broadcast without acknowledgements
     */
    record Broadcast(String uid, String nsp, ArrayNode data, BroadcastOptions opts, String requestId)
            implements ClusterMessage {
        public Broadcast {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST;
        }
    }

    /** The sockets matching {@code opts} join {@code rooms}. */
    record SocketsJoin(String uid, String nsp, BroadcastOptions opts, Set<String> rooms) implements ClusterMessage {
        public SocketsJoin {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(opts, "opts");
            rooms = Set.copyOf(rooms);
        }

        @Override
        public MessageType type() {
            return MessageType.SOCKETS_JOIN;
        }
    }

    /** The sockets matching {@code opts} leave {@code rooms}. */
    record SocketsLeave(String uid, String nsp, BroadcastOptions opts, Set<String> rooms) implements ClusterMessage {
        public SocketsLeave {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(opts, "opts");
            rooms = Set.copyOf(rooms);
        }

        @Override
        public MessageType type() {
            return MessageType.SOCKETS_LEAVE;
        }
    }

    /** The sockets matching {@code opts} are disconnected; with {@code close} their connections too. */
    record DisconnectSockets(String uid, String nsp, BroadcastOptions opts, boolean close) implements ClusterMessage {
        public DisconnectSockets {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public MessageType type() {
            return MessageType.DISCONNECT_SOCKETS;
        }
    }

    /** Every node answers with its sockets matching {@code opts} ({@link FetchSocketsResponse}). */
    record FetchSockets(String uid, String nsp, BroadcastOptions opts, String requestId) implements ClusterMessage {
        public FetchSockets {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(opts, "opts");
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.FETCH_SOCKETS;
        }
    }

    /** One node's sockets for a {@link FetchSockets}. */
    record FetchSocketsResponse(String uid, String nsp, String requestId, List<RemoteSocketDetails> sockets)
            implements Response {
        public FetchSocketsResponse {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(requestId, "requestId");
            sockets = List.copyOf(sockets);
        }

        @Override
        public MessageType type() {
            return MessageType.FETCH_SOCKETS_RESPONSE;
        }
    }

    /**
     * An event for the namespace's server-side listeners on every other node.
     *
     * @param data      the event name and its arguments
     * @param requestId null when no answer is expected; else each node answers once
     *                  ({@link ServerSideEmitResponse})
     */
    record ServerSideEmit(String uid, String nsp, List<JsonNode> data, String requestId) implements ClusterMessage {
        public ServerSideEmit {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            data = List.copyOf(data);
        }

        @Override
        public MessageType type() {
            return MessageType.SERVER_SIDE_EMIT;
        }
    }

    /** One node's answer to an acknowledged {@link ServerSideEmit}. */
    record ServerSideEmitResponse(String uid, String nsp, String requestId, JsonNode answer) implements Response {
        public ServerSideEmitResponse {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public MessageType type() {
            return MessageType.SERVER_SIDE_EMIT_RESPONSE;
        }
    }

    /** How many of its sockets a node sent an acknowledged {@link Broadcast} to. */
    record BroadcastClientCount(String uid, String nsp, String requestId, int clientCount) implements Response {
        public BroadcastClientCount {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST_CLIENT_COUNT;
        }
    }

    /** One socket's acknowledgement of a {@link Broadcast} (its first argument). */
    record BroadcastAck(String uid, String nsp, String requestId, JsonNode answer) implements Response {
        public BroadcastAck {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(nsp, "nsp");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public MessageType type() {
            return MessageType.BROADCAST_ACK;
        }
    }
}
