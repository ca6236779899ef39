// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called for each socket that connects to the enclosing {@link SocketIoListener}'s namespace
 * (socket.io's {@code connection} event), after the bean's {@link OnEvent} listeners were added
 * to it. The method returns void and takes no parameter or one {@link dev.sio4j.server.Socket}.
 *
 * <pre>{@code
 * @OnConnect
 * void welcome(Socket socket) { socket.emit("welcome", socket.id()); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {
}
