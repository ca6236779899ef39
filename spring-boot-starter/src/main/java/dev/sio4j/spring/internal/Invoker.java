// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Socket;
import dev.sio4j.spring.ListenerMethodException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls one listener method on its bean. What the method throws is passed on unwrapped (a
 * checked exception in a {@link ListenerMethodException}), so that the server hands it to the
 * socket's error listeners or logs it: never swallowed.
 *
 * <p>Immutable; thread-safe as far as the bean is.
 *
 * @param bean      the bean (a proxy, when there is one)
 * @param invocable the method to call on {@code bean}
 * @param declared  the annotated method, for messages
 */
record Invoker(Object bean, Method invocable, Method declared) {

    /** Calls an {@code @OnConnect} or {@code @OnDisconnect} method. */
    Object call(Socket socket, Object unused, DisconnectReason reason) {
        return invoke(ListenerMethods.socketAndReason(declared, socket, reason));
    }

    Object invoke(Object[] args) {
        try {
            return invocable.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ListenerMethodException(declared, cause);
        } catch (IllegalAccessException e) {
            throw new ListenerMethodException(declared, e);
        }
    }
}
