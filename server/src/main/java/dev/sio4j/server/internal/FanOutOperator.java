// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.RemoteSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A broadcast operator over several namespaces (the children of a parent namespace): each
 * modifier and action applies to every one. An immutable value.
 *
 * <p>Thread-safe.
 */
record FanOutOperator(List<BroadcastOperator> ops) implements BroadcastOperator {

    FanOutOperator {
        ops = List.copyOf(ops);
    }

    private FanOutOperator map(Function<BroadcastOperator, BroadcastOperator> f) {
        List<BroadcastOperator> out = new ArrayList<>(ops.size());
        ops.forEach(o -> out.add(f.apply(o)));
        return new FanOutOperator(out);
    }

    static <T> CompletableFuture<List<T>> concat(List<CompletableFuture<List<T>>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<T> all = new ArrayList<>();
            futures.forEach(f -> all.addAll(f.join()));
            return all;
        });
    }

    @Override public BroadcastOperator to(String room) { return map(o -> o.to(room)); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return map(o -> o.to(rooms)); }
    @Override public BroadcastOperator in(String room) { return map(o -> o.in(room)); }
    @Override public BroadcastOperator in(Collection<String> rooms) { return map(o -> o.in(rooms)); }
    @Override public BroadcastOperator except(String room) { return map(o -> o.except(room)); }
    @Override public BroadcastOperator except(Collection<String> rooms) { return map(o -> o.except(rooms)); }
    @Override public BroadcastOperator volatile_() { return map(BroadcastOperator::volatile_); }
    @Override public BroadcastOperator compress(boolean c) { return map(o -> o.compress(c)); }
    @Override public BroadcastOperator local() { return map(BroadcastOperator::local); }
    @Override public BroadcastOperator timeout(Duration t) { return map(o -> o.timeout(t)); }

    @Override
    public boolean emit(String event, Object... args) {
        EventArgs.checkEventName(event);
        ops.forEach(o -> o.emit(event, args));
        return true;
    }

    @Override
    public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
        List<CompletableFuture<List<JsonNode>>> all = new ArrayList<>();
        ops.forEach(o -> all.add(o.emitWithAck(event, args)));
        return concat(all);
    }

    @Override
    public <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) {
        List<CompletableFuture<List<T>>> all = new ArrayList<>();
        ops.forEach(o -> all.add(o.emitWithAck(type, event, args)));
        return concat(all);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        List<CompletableFuture<List<RemoteSocket>>> all = new ArrayList<>();
        ops.forEach(o -> all.add(o.fetchSockets()));
        return concat(all);
    }

    @Override public void socketsJoin(String room) { ops.forEach(o -> o.socketsJoin(room)); }
    @Override public void socketsJoin(Collection<String> rooms) { ops.forEach(o -> o.socketsJoin(rooms)); }
    @Override public void socketsLeave(String room) { ops.forEach(o -> o.socketsLeave(room)); }
    @Override public void socketsLeave(Collection<String> rooms) { ops.forEach(o -> o.socketsLeave(rooms)); }
    @Override public void disconnectSockets(boolean close) { ops.forEach(o -> o.disconnectSockets(close)); }
}
