// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.PayloadMappingException;
import dev.sio4j.server.Ack;
import dev.sio4j.server.DisconnectListener;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.JsonListener;
import dev.sio4j.server.TypedAckListener;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Registers each listener shape of the public {@code Socket.on} overloads in a socket's
 * {@link Listeners}, adapted to the one raw {@link EventListener} form the registry calls, and
 * kept under the user's own object so that {@code off} finds it. Typed arguments are mapped with
 * the server's {@link PayloadMapper}; a missing argument (JavaScript's undefined) reaches a typed
 * listener as null; an argument that does not map skips that listener and is reported as an
 * {@link EventArgumentException}.
 *
 * <p>Thread-safe: registration may happen on any thread; the adapted listeners run where the
 * registry's listeners run, on the socket's listener executor.
 */
final class ListenerAdapters {

    private final Listeners listeners;
    private final PayloadMapper mapper;
    private final Consumer<Throwable> onError;

    /** @param onError receives the arguments that do not map, on the listener executor */
    ListenerAdapters(Listeners listeners, PayloadMapper mapper, Consumer<Throwable> onError) {
        this.listeners = listeners;
        this.mapper = mapper;
        this.onError = onError;
    }

    /** Raw arguments and the ack, as they came. */
    void raw(String event, EventListener listener, boolean once) {
        listeners.add(event, listener, listener, once);
    }

    /** The first argument (a MissingNode when none came). */
    void json(String event, JsonListener listener, boolean once) {
        listeners.add(event, listener, (args, ack) -> listener.call(EventArgs.first(args)), once);
    }

    /** The first argument and the ack. */
    void jsonWithAck(String event, JsonAckListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(EventArgs.first(args), ack), false);
    }

    /** The first argument mapped to {@code type}. */
    <T> void typed(String event, Class<T> type, Consumer<T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(event, listener, mapping(event, type, (value, ack) -> listener.accept(value)), false);
    }

    /** The first argument mapped to {@code type}, and the ack. */
    <T> void typedWithAck(String event, Class<T> type, TypedAckListener<T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(event, listener, mapping(event, type, listener::call), false);
    }

    /** The reserved "disconnect" event, its wire reason as the enum. */
    void disconnect(DisconnectListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add("disconnect", listener,
                (args, ack) -> listener.onDisconnect(DisconnectReason.of(args.get(0).asText())), false);
    }

    /** An invoker mapping the first argument to {@code type} before calling {@code target}. */
    private <T> EventListener mapping(String event, Class<T> type, BiConsumer<T, Ack> target) {
        Objects.requireNonNull(type, "type");
        return (args, ack) -> {
            T value;
            try {
                value = mapFirst(args, type);
            } catch (PayloadMappingException e) {
                onError.accept(new EventArgumentException(event, type, e));
                return;
            }
            target.accept(value, ack);
        };
    }

    /** The first argument as {@code type}; null when the client sent none. */
    private <T> T mapFirst(List<JsonNode> args, Class<T> type) {
        JsonNode first = EventArgs.first(args);
        if (first.isMissingNode()) {
            return null;
        }
        if (type == JsonNode.class) {
            return type.cast(first);
        }
        return mapper.fromTree(first, type);
    }
}
