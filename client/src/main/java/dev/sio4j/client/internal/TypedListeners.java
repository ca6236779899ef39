// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import dev.sio4j.client.Ack;
import dev.sio4j.client.DisconnectListener;
import dev.sio4j.client.DisconnectReason;
import dev.sio4j.client.Listener;
import dev.sio4j.client.TypedAckListener;
import java.util.function.Consumer;

/**
 * Adapts the socket's typed listener shapes to the one raw {@link Listener} form the
 * {@link EventRegistry} holds: the first argument is mapped with the manager's {@link Codec}, a
 * missing one (JavaScript's undefined) arrives as null, and the trailing {@link Ack} is split off.
 * A mapping failure propagates to the registry, which reports it as the registry does for any
 * listener failure.
 *
 * <p>Stateless and thread-safe.
 */
final class TypedListeners {

    /** The ack given to a typed listener when the server asked for none: it sends nothing. */
    private static final Ack NO_ACK = args -> { };

    private TypedListeners() {
    }

    static <T> Listener of(Codec codec, Class<T> type, Consumer<? super T> listener) {
        return args -> listener.accept(codec.fromJson(args.length > 0 ? args[0] : null, type));
    }

    static <T> Listener of(Codec codec, Class<T> type, TypedAckListener<? super T> listener) {
        return args -> {
            Ack ack = args.length > 0 && args[args.length - 1] instanceof Ack a ? a : NO_ACK;
            int count = ack == NO_ACK ? args.length : args.length - 1;
            listener.call(codec.fromJson(count > 0 ? args[0] : null, type), ack);
        };
    }

    /** The {@code disconnect} event's arguments are its reason string and an optional cause. */
    static Listener of(DisconnectListener listener) {
        return args -> listener.onDisconnect(DisconnectReason.of((String) args[0]),
                args.length > 1 ? (Throwable) args[1] : null);
    }
}
