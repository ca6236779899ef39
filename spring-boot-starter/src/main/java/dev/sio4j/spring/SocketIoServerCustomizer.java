// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.SocketIoServer;

/**
 * Changes the server's options beyond the {@code sio4j.*} properties, before it is built: every
 * bean of this type is called, in {@link org.springframework.core.annotation.Order} order, after
 * the properties were applied.
 *
 * <pre>{@code
 * @Bean
 * SocketIoServerCustomizer virtualThreads() {
 *     return builder -> builder.listenerExecutor(Executors.newVirtualThreadPerTaskExecutor());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoServerCustomizer {

    /** Changes {@code builder}; do not call {@code build()}. */
    void customize(SocketIoServer.Builder builder);
}
