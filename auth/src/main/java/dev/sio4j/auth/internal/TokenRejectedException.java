// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import dev.sio4j.auth.JwtRefusal;

/**
 * A token was refused, with the reason the client is told and a fixed description for the
 * server's DEBUG log (never the token, nor anything read from it). Immutable.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final JwtRefusal reason;
    private final boolean keysUnavailable;

    TokenRejectedException(JwtRefusal reason, String description) {
        this(reason, description, false, null);
    }

    TokenRejectedException(JwtRefusal reason, String description, boolean keysUnavailable, Throwable cause) {
        super(description, cause, false, false);
        this.reason = reason;
        this.keysUnavailable = keysUnavailable;
    }

    /** An {@link JwtRefusal#INVALID_TOKEN} refusal. */
    public static TokenRejectedException invalid(String description) {
        return new TokenRejectedException(JwtRefusal.INVALID_TOKEN, description);
    }

    public JwtRefusal reason() {
        return reason;
    }

    /** Whether the keys could not be had (the provider is down): the operator's problem, not the client's. */
    public boolean keysUnavailable() {
        return keysUnavailable;
    }
}
