// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * A {@link SocketIoListener} method threw a checked exception (its cause); unchecked ones are
 * passed on as they are. Goes to the socket's error listeners, or is logged at WARN.
 *
 * <p>Immutable and thread-safe.
 */
public final class ListenerMethodException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Method method;

    /** {@code method} threw {@code cause}. */
    public ListenerMethodException(Method method, Throwable cause) {
        super(Objects.requireNonNull(method, "method").getDeclaringClass().getName() + "." + method.getName()
                + " threw " + cause, cause);
        this.method = method;
    }

    /** The method that threw. */
    public Method method() {
        return method;
    }
}
