// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.socketio.SocketPacket;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The adapter's view of one socket connected to this node, implemented by the server. The
 * adapter never sees the server's Socket type, Netty or the engine; it reaches a socket only
 * through this interface.
 *
 * <p>Implementations are thread-safe: the adapter calls them from whichever thread emits, and
 * the implementation hops to the socket's own event loop where its state lives. No method calls
 * user code synchronously.
 */
public interface LocalSocket extends SocketDetails {

    /**
     * Writes {@code prepared} (the encoded form of {@code packet}) to this socket's transport and
     * tells the socket's outgoing listeners about {@code packet}.
     *
     * @return false when the packet was dropped (volatile on a busy transport, full queue, or
     *     the socket is gone)
     */
    boolean deliver(PreparedPacket prepared, SocketPacket packet);

    /**
     * Expects an ACK with {@code ackId} from this socket and hands its first argument (a
     * {@code NullNode} when it had none) to {@code onResponse}, at most once. Forgotten silently
     * after {@code timeout} (null: never) or when the socket disconnects, so that unanswered
     * broadcasts do not accumulate. Must be called before the packet carrying {@code ackId} is
     * delivered.
     */
    void expectAck(long ackId, Duration timeout, Consumer<JsonNode> onResponse);

    /** Adds the socket to {@code rooms}. */
    void join(Set<String> rooms);

    /** Removes the socket from {@code room}. */
    void leave(String room);

    /**
     * Disconnects the socket from its namespace ("server namespace disconnect"); with
     * {@code close} the whole underlying connection is closed too.
     */
    void disconnect(boolean close);
}
