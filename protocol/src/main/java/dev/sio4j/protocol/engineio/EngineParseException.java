// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.engineio;

import dev.sio4j.protocol.ProtocolException;
import java.util.Objects;

/**
 * A peer sent an Engine.IO packet or polling payload that cannot be decoded. The engine closes
 * the offending session with "parse error" (a polling POST answers 400).
 *
 * <p>Immutable and thread-safe.
 */
public final class EngineParseException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed; stable across versions. */
    public enum Reason {
        /** A packet with no type character at all (an empty frame, or two adjacent separators). */
        EMPTY_PACKET,
        /** The type character is not one of {@code 0..6} (nor {@code b} for base64 binary). */
        UNKNOWN_TYPE,
        /** The data after a {@code b} prefix is not standard base64. */
        BAD_BASE64,
        /** A polling payload holds more packets than the configured cap. */
        TOO_MANY_PACKETS
    }

    private final Reason reason;

    public EngineParseException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
