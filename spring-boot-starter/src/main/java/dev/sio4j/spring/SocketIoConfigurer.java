// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.SocketIoServer;

/**
 * Functional registration: every bean of this type is called once with the server, after it is
 * built and before it listens, in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * SocketIoConfigurer echo() {
 *     return io -> io.onConnection(socket -> socket.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg)));
 * }
 * }</pre>
 *
 * <p>Called on the thread that starts the application context.
 */
@FunctionalInterface
public interface SocketIoConfigurer {

    /** Adds listeners, middlewares and namespaces to {@code io}. */
    void configure(SocketIoServer io);
}
