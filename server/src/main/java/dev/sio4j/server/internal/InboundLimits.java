// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import dev.sio4j.engine.internal.TokenBucket;
import dev.sio4j.server.LimitAction;
import dev.sio4j.server.SocketLimitException;
import dev.sio4j.server.SocketLimits;

import java.util.function.Consumer;

/**
 * The server's {@link SocketLimits} applied to what one socket's client sends: arguments per
 * event, events per second and bytes per second (token buckets). A packet over a limit is
 * dropped; the violation is counted as a refusal and reported to the socket's error listeners as
 * a {@link SocketLimitException}, and the verdict tells the socket when to disconnect
 * ({@link SocketLimits#onViolation()}, {@link SocketLimits#disconnectAfterViolations()}); that
 * is said once, the socket acts on it.
 *
 * <p>Confined to the connection's event loop.
 */
final class InboundLimits {

    /** What becomes of one checked packet. */
    enum Verdict {
        /** Within every limit: handle it. */
        PASS,
        /** Over a limit: drop it. */
        DROP,
        /** Over a limit: drop it and disconnect the socket (given once per socket). */
        DROP_AND_DISCONNECT
    }

    private final SocketLimits limits;
    private final UserCalls calls;
    private final Consumer<String> refuse;
    private final TokenBucket eventRate;
    private final TokenBucket byteRate;
    private int violations;
    private boolean disconnectGiven;

    /** @param refuse counts a refusal (cause LIMIT) with its description against the connection */
    InboundLimits(SocketLimits limits, UserCalls calls, Consumer<String> refuse) {
        this.limits = limits;
        this.calls = calls;
        this.refuse = refuse;
        long now = System.nanoTime();
        this.eventRate = limits.eventsPerSecond() == null ? null : new TokenBucket(limits.eventsPerSecond(), now);
        this.byteRate = limits.bytesPerSecond() == null ? null : new TokenBucket(limits.bytesPerSecond(), now);
    }

    /**
     * Checks an incoming event ({@code event} null: an ack) with {@code arguments} arguments and
     * {@code size} characters and attachment bytes.
     */
    Verdict check(String event, int arguments, int size) {
        // The description is built only for a violation: this runs for every packet.
        SocketLimitException over = null;
        long now = System.nanoTime();
        if (limits.maxArgumentsPerEvent() > 0 && arguments > limits.maxArgumentsPerEvent()) {
            over = new SocketLimitException(SocketLimitException.Limit.ARGUMENTS, event, describe(event) + " dropped: "
                    + arguments + " arguments, more than maxArgumentsPerEvent (" + limits.maxArgumentsPerEvent() + ")");
        } else if (event != null && eventRate != null && !eventRate.tryTake(1, now)) {
            over = new SocketLimitException(SocketLimitException.Limit.EVENT_RATE, event, describe(event)
                    + " dropped: over eventsPerSecond");
        } else if (byteRate != null && !byteRate.tryTake(size, now)) {
            over = new SocketLimitException(SocketLimitException.Limit.BYTE_RATE, event, describe(event)
                    + " dropped: over bytesPerSecond");
        }
        if (over == null) {
            return Verdict.PASS;
        }
        refuse.accept(over.getMessage());
        SocketLimitException error = over;
        calls.run(() -> calls.report(error));
        violations++;
        int after = limits.disconnectAfterViolations();
        if (!disconnectGiven && (limits.onViolation() == LimitAction.DISCONNECT || (after > 0 && violations >= after))) {
            disconnectGiven = true;
            return Verdict.DROP_AND_DISCONNECT;
        }
        return Verdict.DROP;
    }

    /** The packet as a log line may name it; the name is the client's, so control characters become '?'. */
    private static String describe(String event) {
        if (event == null) {
            return "an ack";
        }
        StringBuilder b = new StringBuilder(event.length() + 8).append("event \"");
        for (int i = 0; i < event.length(); i++) {
            char c = event.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.append('"').toString();
    }
}
