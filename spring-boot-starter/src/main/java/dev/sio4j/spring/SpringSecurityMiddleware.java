// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.ConnectError;
import dev.sio4j.server.Middleware;
import dev.sio4j.server.Socket;
import dev.sio4j.spring.internal.ReactiveAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A namespace {@link Middleware} that authenticates each socket's handshake through Spring
 * Security: the {@link HandshakeAuthenticationConverter} reads the credentials, the
 * application's {@link ReactiveAuthenticationManager} (without blocking) or
 * {@link AuthenticationManager} (on an executor, never on an event loop) checks them. Then:
 * <ul>
 *   <li>the authenticated {@link Authentication} is in {@code socket.data().get(}{@link #AUTHENTICATION_KEY}{@code )}
 *       and its name is the socket's {@link Socket#identity() identity} (per-user limits count it);</li>
 *   <li>no credentials, malformed ones, or an {@link AuthenticationException}: the client gets
 *       CONNECT_ERROR {@code {"message":"unauthorized"}};</li>
 *   <li>any other failure: {@code "server error"}, logged at WARN with an error id.</li>
 * </ul>
 * It runs again for a socket restored by connection state recovery ({@link #runsOnRecovery()}).
 * With {@code sio4j.security.enabled=true} the auto-configuration puts one on every namespace;
 * by hand:
 *
 * <pre>{@code
 * io.use(SpringSecurityMiddleware.of(authenticationManager, HandshakeAuthenticationConverter.basic(), executor));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SpringSecurityMiddleware implements Middleware {

    /** The key of the {@link Authentication} in {@link Socket#data()}. */
    public static final String AUTHENTICATION_KEY = "sio4j.authentication";

    private static final Logger log = LoggerFactory.getLogger(SpringSecurityMiddleware.class);

    private final HandshakeAuthenticationConverter converter;
    private final Function<Authentication, CompletableFuture<Authentication>> authenticate;

    private SpringSecurityMiddleware(HandshakeAuthenticationConverter converter,
                                     Function<Authentication, CompletableFuture<Authentication>> authenticate) {
        this.converter = Objects.requireNonNull(converter, "converter");
        this.authenticate = authenticate;
    }

    /** Authenticates through a blocking {@code manager}, called on {@code executor}. */
    public static SpringSecurityMiddleware of(AuthenticationManager manager, HandshakeAuthenticationConverter converter, Executor executor) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(executor, "executor");
        return new SpringSecurityMiddleware(converter, request -> CompletableFuture.supplyAsync(() -> manager.authenticate(request), executor));
    }

    /** Authenticates through a non-blocking {@code manager}. */
    public static SpringSecurityMiddleware of(ReactiveAuthenticationManager manager, HandshakeAuthenticationConverter converter) {
        Objects.requireNonNull(manager, "manager");
        return new SpringSecurityMiddleware(converter, ReactiveAuthentication.of(manager));
    }

    @Override
    public void handle(Socket socket, Next next) {
        Authentication request;
        try {
            request = converter.convert(socket);
        } catch (IllegalArgumentException e) {
            next.fail(new ConnectError("unauthorized"));
            return;
        }
        if (request == null) {
            next.fail(new ConnectError("unauthorized"));
            return;
        }
        authenticate.apply(request).whenComplete((result, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof AuthenticationException) {
                next.fail(new ConnectError("unauthorized"));
            } else if (cause != null || result == null || !result.isAuthenticated()) {
                if (cause != null) {
                    String id = UUID.randomUUID().toString().substring(0, 8);
                    log.warn("sio4j handshake authentication failed [{}]", id, cause);
                }
                next.fail(new ConnectError(cause != null ? "server error" : "unauthorized"));
            } else {
                socket.data().put(AUTHENTICATION_KEY, result);
                socket.setIdentity(result.getName());
                next.proceed();
            }
        });
    }

    /** True: a restored socket proves its credentials again. */
    @Override
    public boolean runsOnRecovery() {
        return true;
    }
}
