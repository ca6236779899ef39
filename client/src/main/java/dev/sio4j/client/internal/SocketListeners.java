// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.Ack;
import dev.sio4j.client.AnyListener;
import dev.sio4j.client.DisconnectListener;
import dev.sio4j.client.DisconnectReason;
import dev.sio4j.client.Listener;
import dev.sio4j.client.Socket;
import dev.sio4j.client.TypedAckListener;
import java.util.function.Consumer;

/**
 * The listener half of a {@link Socket}: registering and removing event and catch-all listeners
 * (incoming and outgoing) in the socket's {@link EventRegistry}.
 *
 * <p>Thread-safe (the registry is); listeners are called on the manager's event loop.
 */
abstract class SocketListeners implements Socket {

    final EventRegistry events = new EventRegistry();
    private final Codec codec;

    SocketListeners(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Socket on(String event, Listener listener) {
        events.on(event, listener, listener, false);
        return this;
    }

    @Override
    public Socket on(String event, Runnable listener) {
        events.on(event, listener, args -> listener.run(), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, Consumer<? super T> listener) {
        events.on(event, listener, args -> listener.accept(codec.fromJson(args.length > 0 ? args[0] : null, type)), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedAckListener<? super T> listener) {
        events.on(event, listener, args -> {
            Ack ack = args.length > 0 && args[args.length - 1] instanceof Ack a ? a : NO_ACK;
            int count = ack == NO_ACK ? args.length : args.length - 1;
            listener.call(codec.fromJson(count > 0 ? args[0] : null, type), ack);
        }, false);
        return this;
    }

    @Override
    public Socket onDisconnect(DisconnectListener listener) {
        events.on("disconnect", listener, args -> listener.onDisconnect(DisconnectReason.of((String) args[0]),
                args.length > 1 ? (Throwable) args[1] : null), false);
        return this;
    }

    /** The ack given to a typed listener when the server asked for none: it sends nothing. */
    private static final Ack NO_ACK = args -> { };

    @Override
    public Socket once(String event, Listener listener) {
        events.on(event, listener, listener, true);
        return this;
    }

    @Override public Socket off(String event, Object listener) { events.off(event, listener); return this; }
    @Override public Socket off(String event) { events.off(event); return this; }
    @Override public Socket off() { events.offAll(); return this; }
    @Override public boolean hasListeners(String event) { return events.has(event); }
    @Override public Socket onAny(AnyListener l) { events.any.add(l); return this; }
    @Override public Socket prependAny(AnyListener l) { events.any.add(0, l); return this; }
    @Override public Socket offAny(AnyListener l) { events.any.remove(l); return this; }
    @Override public Socket offAny() { events.any.clear(); return this; }
    @Override public Socket onAnyOutgoing(AnyListener l) { events.anyOutgoing.add(l); return this; }
    @Override public Socket prependAnyOutgoing(AnyListener l) { events.anyOutgoing.add(0, l); return this; }
    @Override public Socket offAnyOutgoing(AnyListener l) { events.anyOutgoing.remove(l); return this; }
    @Override public Socket offAnyOutgoing() { events.anyOutgoing.clear(); return this; }
}
