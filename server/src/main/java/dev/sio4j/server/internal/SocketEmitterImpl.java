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
 * Emission to one socket with flags; an immutable value.
 *
 * <p>Thread-safe.
 */
record SocketEmitterImpl(SocketEmitApi socket, BroadcastFlags flags) implements SocketEmitter {

    @Override public SocketEmitter volatile_() { return new SocketEmitterImpl(socket, flags.withVolatile(true)); }
    @Override public SocketEmitter compress(boolean c) { return new SocketEmitterImpl(socket, flags.withCompress(c)); }
    @Override public SocketEmitter timeout(Duration t) { return new SocketEmitterImpl(socket, flags.withTimeout(t)); }
    @Override public boolean emit(String event, Object... args) { return socket.emitWith(flags, event, args); }
    @Override public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) { return socket.emitWithAck(flags, event, args); }
    @Override public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) { return socket.emitWithAck(flags, type, event, args); }
    @Override public BroadcastOperator broadcast() { return socket.operator(flags); }
    @Override public BroadcastOperator to(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return broadcast().to(rooms); }
    @Override public BroadcastOperator in(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator except(String room) { return broadcast().except(room); }
}
