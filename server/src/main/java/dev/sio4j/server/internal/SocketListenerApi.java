package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.JsonListener;
import dev.sio4j.server.Socket;
import dev.sio4j.server.TypedAckListener;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listener-registration half of a socket: the {@code on} overloads adapt each listener
 * shape to one raw form; typed arguments are mapped with the server's Jackson mapper.
 *
 * <p>Thread-safe.
 */
abstract class SocketListenerApi implements Socket {

    final Listeners listeners = new Listeners();

    abstract Payloads payloads();

    abstract void reportError(Throwable t);

    @Override
    public Socket on(String event, EventListener listener) {
        listeners.add(event, listener, listener, false);
        return this;
    }

    @Override
    public Socket on(String event, JsonListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(Payloads.first(args)), false);
        return this;
    }

    @Override
    public Socket on(String event, JsonAckListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(Payloads.first(args), ack), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, Consumer<T> listener) {
        Objects.requireNonNull(type, "type");
        listeners.add(event, listener, (args, ack) -> {
            T value = mapFirst(args, type);
            if (value != null || Payloads.first(args).isNull()) {
                listener.accept(value);
            }
        }, false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedAckListener<T> listener) {
        Objects.requireNonNull(type, "type");
        listeners.add(event, listener, (args, ack) -> {
            T value = mapFirst(args, type);
            if (value != null || Payloads.first(args).isNull()) {
                listener.call(value, ack);
            }
        }, false);
        return this;
    }

    /** The first argument as {@code type}, or null after reporting a mapping failure. */
    private <T> T mapFirst(List<JsonNode> args, Class<T> type) {
        JsonNode first = Payloads.first(args);
        if (first.isMissingNode() || first.isNull()) {
            return null;
        }
        try {
            return payloads().map(first, type);
        } catch (java.io.IOException | IllegalArgumentException e) {
            reportError(new IllegalArgumentException("argument does not map to " + type.getSimpleName(), e));
            return null;
        }
    }

    @Override
    public Socket once(String event, EventListener listener) {
        listeners.add(event, listener, listener, true);
        return this;
    }

    @Override
    public Socket once(String event, JsonListener listener) {
        listeners.add(event, listener, (args, ack) -> listener.call(Payloads.first(args)), true);
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
    @Override public List<String> eventNames() { return listeners.eventNames(); }
}
