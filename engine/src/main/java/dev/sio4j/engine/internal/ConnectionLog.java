// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.Transport;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production log lines of a server's sessions, on two loggers of their own so that an
 * operator can turn each up or down alone:
 * <ul>
 *   <li>{@value #CONNECTIONS} (INFO): one line when a session opens (transport, client address)
 *       and one when it closes (reason, transport, duration), under a short log id of the
 *       session that is <em>not</em> its sid (sids are credentials and never logged);</li>
 *   <li>{@value #REFUSALS} (INFO): one line per refused request under the id the client got in
 *       the error body, at most {@link #REFUSAL_LINES} a second (a refusal flood must not fill the
 *       disk); the next line logged says how many were left out.</li>
 * </ul>
 * No payload, query, header or cookie is ever logged. Thread-safe.
 */
final class ConnectionLog {

    static final String CONNECTIONS = "dev.sio4j.engine.connections";
    static final String REFUSALS = "dev.sio4j.engine.refusals";
    /** Refusal lines per second (and burst) before lines are left out. */
    static final RateLimit REFUSAL_LINES = new RateLimit(10, 100);

    private static final Logger connections = LoggerFactory.getLogger(CONNECTIONS);
    private static final Logger refusals = LoggerFactory.getLogger(REFUSALS);
    private static final HexFormat HEX = HexFormat.of();

    private final TokenBucket refusalLines = new TokenBucket(REFUSAL_LINES, System.nanoTime());
    private long refusalsLeftOut; // guarded by refusalLines

    /**
     * A short random id for one session's log lines (not the sid, not secret). A number, written
     * as 8 hex digits only in the lines themselves: an idle session then keeps 4 bytes for it
     * rather than a string.
     */
    static int newLogId() {
        return ThreadLocalRandom.current().nextInt();
    }

    /** {@code logId} as it appears in the lines: 8 lower-case hex digits. */
    static String logId(int logId) {
        // HexFormat, not String.format: a Formatter per line was a visible share of what
        // setting up a connection allocated.
        return HEX.toHexDigits(logId);
    }

    void opened(int logId, Transport transport, InetAddress address) {
        if (connections.isInfoEnabled()) {
            connections.info("session {} opened: transport={} address={}", logId(logId), name(transport),
                    DefaultEngineRequest.describe(address));
        }
    }

    void upgraded(int logId) {
        if (connections.isDebugEnabled()) {
            connections.debug("session {} upgraded: transport=websocket", logId(logId));
        }
    }

    void closed(int logId, Transport transport, CloseReason reason, String description, long durationNanos) {
        if (connections.isInfoEnabled()) {
            connections.info("session {} closed: reason=\"{}\" transport={} duration={}{}", logId(logId),
                    reason.wireName(), name(transport), seconds(durationNanos),
                    description == null || description.isEmpty() ? "" : " (" + description + ")");
        }
    }

    void refused(ConnectionError e) {
        if (!refusals.isInfoEnabled()) {
            return;
        }
        long leftOut;
        synchronized (refusalLines) {
            if (!refusalLines.tryTake(1, System.nanoTime())) {
                refusalsLeftOut++;
                return;
            }
            leftOut = refusalsLeftOut;
            refusalsLeftOut = 0;
        }
        refusals.info("refused {}: cause={} status={} code={} message=\"{}\" context={} address={} {} {}{}", e.id(),
                e.cause(), e.status(), e.code(), e.message(), e.context(), e.address(), e.method(), e.path(),
                leftOut == 0 ? "" : " (" + leftOut + " earlier refusals not logged)");
    }

    private static String name(Transport t) {
        return t == null ? "none" : t.wireName();
    }

    /** Seconds with millisecond precision, locale-independent ("12.345s"). */
    static String seconds(long nanos) {
        // By hand rather than String.format: a Formatter (and its DecimalFormatSymbols lookup)
        // per closed session showed in the allocation profile of mass reconnects.
        long ms = nanos / 1_000_000;
        long frac = Math.abs(ms % 1000);
        StringBuilder b = new StringBuilder(24);
        if (ms < 0 && ms > -1000) {
            b.append('-'); // ms / 1000 is 0 here, which has no sign of its own
        }
        b.append(ms / 1000).append('.');
        if (frac < 100) {
            b.append(frac < 10 ? "00" : "0");
        }
        return b.append(frac).append('s').toString();
    }
}
