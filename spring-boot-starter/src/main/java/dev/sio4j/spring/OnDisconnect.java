// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket of the enclosing {@link SocketIoListener}'s namespace disconnects. The
 * method returns void and takes, in any order and each at most once, the
 * {@link dev.sio4j.server.Socket} and the {@link dev.sio4j.server.DisconnectReason}.
 *
 * <pre>{@code
 * @OnDisconnect
 * void left(Socket socket, DisconnectReason reason) { log.info("{} left: {}", socket.id(), reason); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {
}
