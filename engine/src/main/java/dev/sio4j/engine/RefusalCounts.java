// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.util.Map;

/**
 * How many requests and sessions a server refused, by {@link RefusalCause}, since it was
 * created: every refused HTTP request (each also a {@link ConnectionError}), and every session
 * or namespace connection ended or refused because of what the client sent. Counters only grow.
 * For dashboards and alerts (a metrics binder reads them); never reset.
 *
 * <pre>{@code
 * long origin = io.refusals().count(RefusalCause.ORIGIN);
 * io.refusals().snapshot().forEach((cause, n) -> gauge("sio4j.refusals", cause, n));
 * }</pre>
 *
 * <p>Thread-safe; reads are cheap and never block.
 */
public interface RefusalCounts {

    /** Refusals of {@code cause} so far. */
    long count(RefusalCause cause);

    /** Every cause with its count, in declaration order (an unmodifiable copy). */
    Map<RefusalCause, Long> snapshot();
}
