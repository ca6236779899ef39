// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketEncoder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What an {@link Adapter} may use of the namespace it serves; implemented by the server so that
 * the adapter module depends on neither the server nor the engine.
 *
 * <p>Implementations are thread-safe.
 */
public interface AdapterNamespace {

    /** The namespace name, starting with {@code /}. */
    String name();

    /** The connected local socket with this id, or null. */
    LocalSocket socket(String id);

    /** The encoder of this server (shared, thread-safe). */
    SocketEncoder encoder();

    /**
     * The server's payload mapper (thread-safe): what a cluster adapter uses to send a socket's
     * {@code data} to other nodes as JSON.
     */
    PayloadMapper mapper();

    /**
     * Builds the transport frames of {@code encoded} once for delivery to many sockets with
     * {@link LocalSocket#deliver}. The caller closes the result after the fan-out.
     */
    PreparedPacket prepare(EncodedPacket encoded, BroadcastFlags flags);

    /** A fresh acknowledgement id, unique within this namespace (socket.io's {@code nsp._ids++}). */
    long nextAckId();

    /**
     * How long a disconnected socket's session is kept for connection state recovery, or null
     * when recovery is off.
     */
    Duration maxDisconnectionDuration();

    /** Timers for adapters (expiry sweeps, cluster request timeouts). Never blocks on user code. */
    ScheduledExecutorService scheduler();

    /**
     * Hands a {@code serverSideEmit} received from another node to this namespace's listeners,
     * which run on the server's listener threads (never on the caller's, typically a transport's
     * I/O thread). {@code ack} is null when the sender expects no answer; otherwise it takes the
     * listener's answer, at most once.
     */
    void onServerSideEmit(List<JsonNode> args, Consumer<JsonNode> ack);
}
