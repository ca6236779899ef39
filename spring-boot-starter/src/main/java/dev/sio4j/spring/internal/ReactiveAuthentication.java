// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Adapts a {@link ReactiveAuthenticationManager} to a future; a class of its own so that Reactor
 * is loaded only by applications that use it. An empty result completes with null.
 */
public final class ReactiveAuthentication {

    private ReactiveAuthentication() {
    }

    /** {@code manager.authenticate} as a function returning a future. */
    public static Function<Authentication, CompletableFuture<Authentication>> of(ReactiveAuthenticationManager manager) {
        return request -> manager.authenticate(request).toFuture();
    }
}
