// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * Modifiers of one emission, as socket.io's {@code BroadcastFlags}: {@code volatile} (may be
 * dropped when the transport is busy), {@code compress} (per-message deflate, when the transport
 * has it), {@code local} (this node only; no effect on a single node) and the acknowledgement
 * {@code timeout} (null: none).
 *
 * <p>Immutable and thread-safe. {@link #DEFAULT}: not volatile, compressed, not local, no timeout.
 *
 * @param volatile_ whether the packet may be dropped instead of queued
 * @param compress  whether the packet may be compressed
 * @param local     whether the emission stays on this node
 * @param timeout   how long to wait for acknowledgements, or null
 */
public record BroadcastFlags(boolean volatile_, boolean compress, boolean local, Duration timeout) {

    /** Not volatile, compressed, not local, no timeout. */
    public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, true, false, null);

    public BroadcastFlags {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A copy with {@code volatile_} changed. */
    public BroadcastFlags withVolatile(boolean value) {
        return new BroadcastFlags(value, compress, local, timeout);
    }

    /** A copy with {@code compress} changed. */
    public BroadcastFlags withCompress(boolean value) {
        return new BroadcastFlags(volatile_, value, local, timeout);
    }

    /** A copy with {@code local} changed. */
    public BroadcastFlags withLocal(boolean value) {
        return new BroadcastFlags(volatile_, compress, value, timeout);
    }

    /** A copy with {@code timeout} changed. */
    public BroadcastFlags withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        return new BroadcastFlags(volatile_, compress, local, value);
    }
}
