// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.PayloadMappingException;
import dev.sio4j.server.Ack;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.DisconnectListener;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.JsonListener;
import dev.sio4j.server.Socket;
import dev.sio4j.server.TypedAckListener;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The listener-registration half of a socket: the {@code on} overloads adapt each listener
 * shape to one raw form. Typed arguments are mapped with the server's {@link PayloadMapper}; a
 * missing argument (JavaScript's undefined) reaches a typed listener as null; an argument that
 * does not map skips that listener and is reported as an {@link EventArgumentException}.
 *
 * <p>Thread-safe: registration may happen on any thread.
 */
abstract class SocketListenerApi implements Socket {

    final Listeners listeners = new Listeners();

    abstract PayloadMapper mapper();

    /** Reports a failure of this socket's user code or of an argument mapping. */
    abstract void reportError(Throwable t);

    @Override
    public Socket onArgs(String event, EventListener listener) {
        listeners.add(event, listener, listener, false);
        return this;
    }

    @Override
    public Socket on(String event, JsonListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(EventArgs.first(args)), false);
        return this;
    }

    @Override
    public Socket on(String event, JsonAckListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(EventArgs.first(args), ack), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, Consumer<T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(event, listener, typed(event, type, (value, ack) -> listener.accept(value)), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedAckListener<T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(event, listener, typed(event, type, listener::call), false);
        return this;
    }

    /** An invoker mapping the first argument to {@code type} before calling {@code target}. */
    private <T> EventListener typed(String event, Class<T> type, BiConsumer<T, Ack> target) {
        Objects.requireNonNull(type, "type");
        return (args, ack) -> {
            T value;
            try {
                value = mapFirst(args, type);
            } catch (PayloadMappingException e) {
                reportError(new EventArgumentException(event, type, e));
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
        return mapper().fromTree(first, type);
    }

    @Override
    public Socket onceArgs(String event, EventListener listener) {
        listeners.add(event, listener, listener, true);
        return this;
    }

    @Override
    public Socket once(String event, JsonListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(EventArgs.first(args)), true);
        return this;
    }

    @Override public Socket off(String event, Object listener) { listeners.remove(event, listener); return this; }
    @Override public Socket off(String event) { listeners.removeAll(event); return this; }
    @Override public Socket onAny(AnyListener l) { listeners.anyIncoming.add(Objects.requireNonNull(l)); return this; }
    @Override public Socket prependAny(AnyListener l) { listeners.anyIncoming.add(0, Objects.requireNonNull(l)); return this; }
    @Override public Socket offAny(AnyListener l) { listeners.anyIncoming.remove(l); return this; }
    @Override public Socket offAny() { listeners.anyIncoming.clear(); return this; }
    @Override public Socket onAnyOutgoing(AnyListener l) { listeners.anyOutgoing.add(Objects.requireNonNull(l)); return this; }
    @Override public Socket prependAnyOutgoing(AnyListener l) { listeners.anyOutgoing.add(0, Objects.requireNonNull(l)); return this; }
    @Override public Socket offAnyOutgoing(AnyListener l) { listeners.anyOutgoing.remove(l); return this; }
    @Override public Socket offAnyOutgoing() { listeners.anyOutgoing.clear(); return this; }
    @Override public Socket onError(Consumer<Throwable> l) { listeners.errors.add(Objects.requireNonNull(l)); return this; }

    @Override
    public Socket onDisconnect(DisconnectListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add("disconnect", listener, (args, ack) -> listener.onDisconnect(DisconnectReason.of(args.get(0).asText())), false);
        return this;
    }
    @Override public List<String> eventNames() { return listeners.eventNames(); }
}
