// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

/**
 * One encoded packet made ready once for delivery to many local sockets: the server builds the
 * transport frames once (text frame plus binary attachments) and every
 * {@link LocalSocket#deliver} writes shared, retained copies of them.
 *
 * <p>Created by {@link AdapterNamespace#prepare}; the adapter that created it calls
 * {@link #close()} exactly once after the fan-out, which releases what was prepared (deliveries
 * already handed to a transport hold their own references). Thread-safe.
 */
public interface PreparedPacket extends AutoCloseable {

    /** Releases the prepared frames; idempotent. */
    @Override
    void close();
}
