// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.client.Emitter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The emit flags of a socket (timeout, volatile, compress) as an immutable value: each flag
 * method returns a new one, so concurrent callers never see each other's flags.
 *
 * <p>Immutable, thread-safe.
 */
final class Flags implements Emitter {

    private final RealSocket socket;
    private final Duration timeout;
    private final boolean isVolatile;
    private final boolean compress;

    Flags(RealSocket socket, Duration timeout, boolean isVolatile, boolean compress) {
        this.socket = socket;
        this.timeout = timeout;
        this.isVolatile = isVolatile;
        this.compress = compress;
    }

    boolean isVolatile() {
        return isVolatile;
    }

    boolean compress() {
        return compress;
    }

    Duration timeoutOr(Duration fallback) {
        return timeout != null ? timeout : fallback;
    }

    @Override
    public Emitter emit(String event, Object... args) {
        RealSocket.checkEvent(event);
        Object[] safe = args == null ? new Object[0] : args;
        AckCallback ack = safe.length > 0 && safe[safe.length - 1] instanceof AckCallback a ? a : null;
        int count = ack != null ? safe.length - 1 : safe.length;
        // Map on the caller's thread: a value Jackson cannot map fails here, where the caller sees it.
        ArrayNode data = socket.manager.codec.eventArray(event, safe, count);
        Object[] userArgs = java.util.Arrays.copyOf(safe, count);
        socket.manager.execute(() -> socket.submit(event, data, userArgs, ack, this, false), false);
        return this;
    }

    @Override
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Object[] safe = args == null ? new Object[0] : args;
        Object[] withAck = java.util.Arrays.copyOf(safe, safe.length + 1);
        withAck[safe.length] = (AckCallback) (error, reply) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(reply.isEmpty() ? null : reply.get(0));
            }
        };
        try {
            emit(event, withAck);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        java.util.Objects.requireNonNull(type, "type");
        return emitWithAck(event, args).thenApply(reply -> socket.manager.codec.fromJson(reply, type));
    }

    @Override
    public Flags timeout(Duration value) {
        java.util.Objects.requireNonNull(value, "timeout");
        if (value.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        return new Flags(socket, value, isVolatile, compress);
    }

    @Override
    public Flags volatile_() {
        return new Flags(socket, timeout, true, compress);
    }

    @Override
    public Flags compress(boolean value) {
        return new Flags(socket, timeout, isVolatile, value);
    }
}
