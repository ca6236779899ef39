// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.RemoteSocket;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The namespace methods that only start a broadcast: each is a fresh operator's method.
 *
 * <p>Thread-safe.
 */
abstract class AbstractNamespace implements Namespace {

    /** An operator selecting every socket of the namespace. */
    protected abstract BroadcastOperator operator();

    @Override public boolean emit(String event, Object... args) { return operator().emit(event, args); }
    @Override public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) { return operator().emitWithAck(event, args); }
    @Override public <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) { return operator().emitWithAck(type, event, args); }
    @Override public boolean send(Object... args) { return operator().emit("message", args); }
    @Override public BroadcastOperator to(String room) { return operator().to(room); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return operator().to(rooms); }
    @Override public BroadcastOperator in(String room) { return operator().in(room); }
    @Override public BroadcastOperator in(Collection<String> rooms) { return operator().in(rooms); }
    @Override public BroadcastOperator except(String room) { return operator().except(room); }
    @Override public BroadcastOperator except(Collection<String> rooms) { return operator().except(rooms); }
    @Override public BroadcastOperator volatile_() { return operator().volatile_(); }
    @Override public BroadcastOperator compress(boolean compress) { return operator().compress(compress); }
    @Override public BroadcastOperator local() { return operator().local(); }
    @Override public BroadcastOperator timeout(Duration timeout) { return operator().timeout(timeout); }
    @Override public CompletableFuture<List<RemoteSocket>> fetchSockets() { return operator().fetchSockets(); }
    @Override public void socketsJoin(String room) { operator().socketsJoin(room); }
    @Override public void socketsLeave(String room) { operator().socketsLeave(room); }
    @Override public void disconnectSockets(boolean close) { operator().disconnectSockets(close); }

    @Override
    public void serverSideEmit(String event, Object... args) {
        EventArgs.checkEventName(event);
        serverSideEmitNodes(event, args, null);
    }

    @Override
    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        EventArgs.checkEventName(event);
        return serverSideEmitNodes(event, args, timeout);
    }

    protected abstract CompletableFuture<List<JsonNode>> serverSideEmitNodes(String event, Object[] args, Duration timeout);
}
