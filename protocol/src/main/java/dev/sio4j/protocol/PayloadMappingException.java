// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

/**
 * A value could not be turned into a JSON tree, or a JSON tree into the requested Java type
 * (for example, a listener declared {@code int} and the peer sent {@code "abc"}).
 *
 * <p>Not a {@link ProtocolException}: the packet was valid, only its contents did not fit the
 * application's type; the server decides whether to drop the event or report it.
 * Immutable and thread-safe.
 */
public final class PayloadMappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PayloadMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
