// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

/**
 * A peer sent bytes that break the Engine.IO or Socket.IO protocol, or exceed a configured limit.
 *
 * <p>Every decoder in sio4j reports a violation with exactly one subclass of this exception; the
 * transport catches it, closes only the offending session and reports {@link #reason()}.
 * Unchecked, because a decoder is called from Netty handlers that must not declare it.
 */
public abstract class ProtocolException extends RuntimeException {

    protected ProtocolException(String message) {
        super(message, null, false, false);
    }

    protected ProtocolException(String message, Throwable cause) {
        super(message, cause, false, true);
    }

    /** The typed reason, stable across versions; {@link #getMessage()} is for humans. */
    public abstract Enum<?> reason();
}
