// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.AckCallback;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.protocol.AckException;
import dev.sio4j.server.SocketEmitter;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The emitting half of a socket: emits to this one client (with or without an ack), ACK
 * answers, broadcast operators that exclude this socket, and the adapter's delivery of
 * broadcasts, each telling the outgoing any-listeners.
 *
 * <p>Thread-safe: every method may be called from any thread; writes go through the engine,
 * which hands them to the connection's event loop.
 */
abstract class SocketEmitApi extends SocketListenerApi {

    abstract NamespaceImpl nsp();

    abstract Client client();

    abstract AckRegistry acks();

    /** Whether packets may still be sent (connected and not closing). */
    abstract boolean live();

    /** Runs user code on this socket's listener executor, in order. */
    abstract void runUser(Runnable task);

    @Override
    public boolean emit(String event, Object... args) {
        return emitWith(BroadcastFlags.DEFAULT, event, args);
    }

    boolean emitWith(BroadcastFlags flags, String event, Object[] args) {
        EventArgs.checkEventName(event);
        AckCallback callback = null;
        List<Object> list = Arrays.asList(args);
        if (args.length > 0 && args[args.length - 1] instanceof AckCallback cb) {
            callback = cb;
            list = list.subList(0, args.length - 1);
        }
        ArrayNode payload = EventArgs.event(mapper(), event, list);
        if (!live()) {
            if (callback != null) {
                AckCallback c = callback;
                runUser(() -> c.onAck(AckException.disconnected("not connected"), List.of()));
            }
            return false;
        }
        Long ackId = null;
        if (callback != null) {
            ackId = nsp().nextAckId();
            acks().register(ackId, callback, flags.timeout(), false);
        }
        SocketPacket packet = SocketPacket.event(nsp().name(), payload, ackId);
        if (ackId == null && !flags.volatile_() && nsp().server().options().connectionStateRecovery() != null) {
            // Through the adapter, so that the packet gets an offset and is kept for replay, as
            // socket.io does for a plain emit when recovery is on.
            nsp().adapter().broadcast(packet, new BroadcastOptions(Set.of(id()), Set.of(), flags));
            return true;
        }
        notifyOutgoing(payload);
        return client().write(packet, flags.volatile_());
    }

    @Override
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        return emitWithAck(BroadcastFlags.DEFAULT, event, args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return emitWithAck(BroadcastFlags.DEFAULT, type, event, args);
    }

    <T> CompletableFuture<T> emitWithAck(BroadcastFlags flags, Class<T> type, String event, Object[] args) {
        java.util.Objects.requireNonNull(type, "type");
        return emitWithAck(flags, event, args)
                .thenApply(reply -> reply.isMissingNode() ? null : nsp().server().mapper().fromTree(reply, type));
    }

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
        emitWith(flags, event, withCb);
        return f;
    }

    /** Answers the client's event {@code ackId}; dropped once the socket is gone. */
    void sendAck(long ackId, ArrayNode args) {
        if (live()) {
            client().write(SocketPacket.ack(nsp().name(), ackId, args), false);
        }
    }

    void notifyOutgoing(JsonNode payload) {
        if (listeners.anyOutgoing.isEmpty() || payload == null || !payload.isArray() || payload.isEmpty()) {
            return;
        }
        String event = payload.get(0).asText();
        List<JsonNode> args = EventArgs.tail(payload, 1);
        runUser(() -> Listeners.callAny(listeners.anyOutgoing, event, args, this::reportError));
    }

    // ---- the adapter's side of delivery (LocalSocket) ----

    public boolean deliver(PreparedPacket prepared, SocketPacket packet) {
        if (!live()) {
            return false;
        }
        notifyOutgoing(packet.data());
        PreparedEngineMessage m = (PreparedEngineMessage) prepared;
        return client().conn().send(m.message(), m.volatile_());
    }

    public void expectAck(long ackId, Duration timeout, Consumer<JsonNode> onResponse) {
        acks().register(ackId, (err, args) -> onResponse.accept(args.isEmpty() ? NullNode.getInstance() : args.get(0)),
                timeout, true);
    }

    // ---- flags and operators ----

    @Override public boolean send(Object... args) { return emit("message", args); }
    @Override public SocketEmitter timeout(Duration t) { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withTimeout(t)); }
    @Override public SocketEmitter volatile_() { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withVolatile(true)); }
    @Override public SocketEmitter compress(boolean c) { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withCompress(c)); }
    @Override public BroadcastOperator broadcast() { return operator(BroadcastFlags.DEFAULT); }
    @Override public BroadcastOperator to(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return broadcast().to(rooms); }
    @Override public BroadcastOperator in(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator except(String room) { return broadcast().except(room); }

    /** Every other socket: socket.io's {@code socket.broadcast}, which excepts this socket's own room. */
    BroadcastOperatorImpl operator(BroadcastFlags flags) {
        return new BroadcastOperatorImpl(nsp(), Set.of(), Set.of(id()), flags);
    }
}
