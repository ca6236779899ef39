// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.SocketEmitter;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Emission to one socket with flags ({@code socket.timeout(...)} and the like): an immutable
 * value over the socket's {@link OutgoingEvents}.
 *
 * <p>Thread-safe.
 */
record SocketEmitterImpl(OutgoingEvents out, BroadcastFlags flags) implements SocketEmitter {

    @Override public SocketEmitter volatile_() { return new SocketEmitterImpl(out, flags.withVolatile(true)); }
    @Override public SocketEmitter compress(boolean c) { return new SocketEmitterImpl(out, flags.withCompress(c)); }
    @Override public SocketEmitter timeout(Duration t) { return new SocketEmitterImpl(out, flags.withTimeout(t)); }
    @Override public boolean emit(String event, Object... args) { return out.emit(flags, event, args); }
    @Override public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) { return out.emitWithAck(flags, event, args); }
    @Override public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) { return out.emitWithAck(flags, type, event, args); }
    @Override public BroadcastOperator broadcast() { return out.broadcast(flags); }
    @Override public BroadcastOperator to(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return broadcast().to(rooms); }
    @Override public BroadcastOperator in(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator except(String room) { return broadcast().except(room); }
}
