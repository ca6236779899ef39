// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.protocol.AckException;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.AckCallback;
import dev.sio4j.server.AnyListener;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything one socket sends its client: events with or without an ack (the ack waits in the
 * socket's {@link PendingAcks}), answers to the client's acks, and the adapter's delivery of
 * broadcasts; each event is shown to the outgoing catch-all listeners first. Once the socket is
 * no longer live nothing is written: an emit returns false (its ack callback fails with
 * "disconnected") and an answer is dropped. Also makes the broadcast operators that leave this
 * socket out ({@code socket.broadcast}).
 *
 * <p>Thread-safe: every method may be called from any thread; writes go through the engine,
 * which hands them to the connection's event loop. Listeners and ack callbacks run through
 * {@link UserCalls}.
 */
final class OutgoingEvents {

    private final NamespaceImpl nsp;
    private final ConnectionImpl client;
    private final String socketId;
    private final PendingAcks acks;
    private final Supplier<List<AnyListener>> anyOutgoing;
    private final UserCalls calls;
    private final BooleanSupplier live;

    /**
     * @param anyOutgoing the socket's outgoing catch-all listeners now, asked at each send
     * @param live        whether packets may still be sent (connected and not closing)
     */
    OutgoingEvents(NamespaceImpl nsp, ConnectionImpl client, String socketId, PendingAcks acks, Supplier<List<AnyListener>> anyOutgoing,
            UserCalls calls, BooleanSupplier live) {
        this.nsp = nsp;
        this.client = client;
        this.socketId = socketId;
        this.acks = acks;
        this.anyOutgoing = anyOutgoing;
        this.calls = calls;
        this.live = live;
    }

    PayloadMapper mapper() {
        return nsp.server().mapper();
    }

    /** Emits {@code event}; a trailing {@link AckCallback} among {@code args} asks for an ack. */
    boolean emit(BroadcastFlags flags, String event, Object[] args) {
        EventArgs.checkEventName(event);
        AckCallback callback = null;
        List<Object> list = Arrays.asList(args);
        if (args.length > 0 && args[args.length - 1] instanceof AckCallback cb) {
            callback = cb;
            list = list.subList(0, args.length - 1);
        }
        ArrayNode payload = EventArgs.event(mapper(), event, list);
        if (!live.getAsBoolean()) {
            if (callback != null) {
                AckCallback c = callback;
                calls.run(() -> c.onAck(AckException.disconnected("not connected"), List.of()));
            }
            return false;
        }
        Long ackId = null;
        if (callback != null) {
            ackId = nsp.nextAckId();
            acks.register(ackId, callback, flags.timeout(), false);
        }
        SocketPacket packet = SocketPacket.event(nsp.name(), payload, ackId);
        if (ackId == null && !flags.volatile_() && nsp.server().options().connectionStateRecovery() != null) {
            // Through the adapter, so that the packet gets an offset and is kept for replay, as
            // socket.io does for a plain emit when recovery is on.
            nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(socketId), Set.of(), flags));
            return true;
        }
        notifyOutgoing(payload);
        return client.write(packet, flags.volatile_());
    }

    /** Emits {@code event} and completes with the client's first answer argument. */
    CompletableFuture<JsonNode> emitWithAck(BroadcastFlags flags, String event, Object[] args) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        Object[] withCb = Arrays.copyOf(args, args.length + 1);
        withCb[args.length] = (AckCallback) (err, res) -> {
            if (err != null) {
                f.completeExceptionally(err);
            } else {
                f.complete(EventArgs.first(res));
            }
        };
        emit(flags, event, withCb);
        return f;
    }

    /** As {@link #emitWithAck(BroadcastFlags, String, Object[])}, the answer mapped to {@code type}. */
    <T> CompletableFuture<T> emitWithAck(BroadcastFlags flags, Class<T> type, String event, Object[] args) {
        Objects.requireNonNull(type, "type");
        return emitWithAck(flags, event, args)
                .thenApply(reply -> reply.isMissingNode() ? null : mapper().fromTree(reply, type));
    }

    /** Answers the client's event {@code ackId}; dropped once the socket is gone. */
    void sendAck(long ackId, ArrayNode args) {
        if (live.getAsBoolean()) {
            client.write(SocketPacket.ack(nsp.name(), ackId, args), false);
        }
    }

    /** The adapter's delivery of a broadcast, encoded once for all its targets. */
    boolean deliver(PreparedPacket prepared, SocketPacket packet) {
        if (!live.getAsBoolean()) {
            return false;
        }
        notifyOutgoing(packet.data());
        PreparedEngineMessage m = (PreparedEngineMessage) prepared;
        return client.conn().send(m.message(), m.volatile_());
    }

    /** The adapter waits for this socket's answer to a broadcast with an ack; failures stay silent. */
    void expectAck(long ackId, Duration timeout, Consumer<JsonNode> onResponse) {
        acks.register(ackId, (err, args) -> onResponse.accept(args.isEmpty() ? NullNode.getInstance() : args.get(0)),
                timeout, true);
    }

    /** Every other socket: socket.io's {@code socket.broadcast}, which excepts this socket's own room. */
    BroadcastOperatorImpl broadcast(BroadcastFlags flags) {
        return new BroadcastOperatorImpl(nsp, Set.of(), Set.of(socketId), flags);
    }

    private void notifyOutgoing(JsonNode payload) {
        List<AnyListener> listeners = anyOutgoing.get();
        if (listeners.isEmpty() || payload == null || !payload.isArray() || payload.isEmpty()) {
            return;
        }
        String event = payload.get(0).asText();
        List<JsonNode> args = EventArgs.tail(payload, 1);
        calls.run(() -> Listeners.callAny(listeners, event, args, calls::report));
    }
}
