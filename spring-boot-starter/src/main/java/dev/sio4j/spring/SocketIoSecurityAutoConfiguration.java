// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.Namespace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManager;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * With {@code sio4j.security.enabled=true} and Spring Security on the class path: a
 * {@link SpringSecurityMiddleware} runs first on every namespace (dynamic children included) and
 * authenticates each socket through the application's {@link ReactiveAuthenticationManager}
 * bean, or else its {@link AuthenticationManager} bean (on two daemon threads of its own, never
 * on an event loop). Credentials are read by the {@link HandshakeAuthenticationConverter} bean,
 * by default {@link HandshakeAuthenticationConverter#basic()}. Without either manager bean the
 * application fails to start.
 */
@AutoConfiguration(before = SocketIoAutoConfiguration.class)
@ConditionalOnClass(AuthenticationManager.class)
@ConditionalOnBooleanProperty("sio4j.security.enabled")
public class SocketIoSecurityAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public SocketIoSecurityAutoConfiguration() {
    }

    /** The default credentials reader: user name and password ({@link HandshakeAuthenticationConverter#basic()}). */
    @Bean
    @ConditionalOnMissingBean
    public HandshakeAuthenticationConverter socketIoHandshakeAuthenticationConverter() {
        return HandshakeAuthenticationConverter.basic();
    }

    /**
     * The threads a blocking {@link AuthenticationManager} runs on; shut down with the context.
     * Not created for a reactive manager.
     */
    @Bean(name = "socketIoAuthenticationExecutor", destroyMethod = "shutdownNow")
    @ConditionalOnMissingBean(name = "socketIoAuthenticationExecutor")
    public ExecutorService socketIoAuthenticationExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sio4j-spring-auth-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Puts the middleware on every namespace, first: it is applied before the other
     * configurers, and to each namespace as it is created.
     *
     * @throws IllegalStateException at start when the context has no authentication manager
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public SocketIoConfigurer socketIoSecurityConfigurer(ObjectProvider<ReactiveAuthenticationManager> reactive,
                                                         ObjectProvider<AuthenticationManager> blocking,
                                                         HandshakeAuthenticationConverter converter,
                                                         @Qualifier("socketIoAuthenticationExecutor")
                                                         ObjectProvider<ExecutorService> socketIoAuthenticationExecutor) {
        return io -> {
            ReactiveAuthenticationManager r = reactive.getIfUnique();
            SpringSecurityMiddleware middleware;
            if (r != null) {
                middleware = SpringSecurityMiddleware.of(r, converter);
            } else {
                AuthenticationManager m = blocking.getIfUnique();
                if (m == null) {
                    throw new IllegalStateException("sio4j.security.enabled=true needs one ReactiveAuthenticationManager or "
                            + "AuthenticationManager bean to authenticate handshakes with; the context has none (or several)");
                }
                middleware = SpringSecurityMiddleware.of(m, converter, socketIoAuthenticationExecutor.getObject());
            }
            for (Namespace n : io.namespaces()) {
                n.use(middleware);
            }
            io.onNewNamespace(n -> n.use(middleware));
        };
    }
}
