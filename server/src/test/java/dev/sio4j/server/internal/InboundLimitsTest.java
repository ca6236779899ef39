// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.server.LimitAction;
import dev.sio4j.server.SocketLimitException;
import dev.sio4j.server.SocketLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The contract of a socket's {@link InboundLimits} part on its own: each violation is refused and
 * reported, and the order to disconnect is given once, when the limits say so. Arguments per
 * event are the limit used, as the only one that does not depend on the clock.
 */
class InboundLimitsTest {

    private final List<String> refusals = new ArrayList<>();
    private final List<Throwable> reported = new ArrayList<>();
    // Runs user code at once, so that what was reported can be read right after a check.
    private final UserCalls calls = new UserCalls(Runnable::run, () -> List.<Consumer<Throwable>>of(reported::add), "s1", "/");

    private InboundLimits limits(SocketLimits.Builder b) {
        return new InboundLimits(b.maxArgumentsPerEvent(2).build(), calls, refusals::add);
    }

    @Test
    void dropsWhatIsOverAndSaysDisconnectOnceAfterTheConfiguredViolations() {
        InboundLimits limits = limits(SocketLimits.builder().disconnectAfterViolations(2));

        assertThat(limits.check("chat", 2, 10)).isEqualTo(InboundLimits.Verdict.PASS);
        assertThat(limits.check("chat", 3, 10)).isEqualTo(InboundLimits.Verdict.DROP);
        assertThat(limits.check(null, 3, 10)).isEqualTo(InboundLimits.Verdict.DROP_AND_DISCONNECT);
        assertThat(limits.check("chat", 3, 10)).as("the socket was told once").isEqualTo(InboundLimits.Verdict.DROP);
        assertThat(limits.check("chat", 1, 10)).isEqualTo(InboundLimits.Verdict.PASS);

        assertThat(refusals).hasSize(3);
        assertThat(reported).hasSize(3).allSatisfy(t -> assertThat(t).isInstanceOfSatisfying(SocketLimitException.class,
                e -> assertThat(e.limit()).isEqualTo(SocketLimitException.Limit.ARGUMENTS)));
        assertThat(((SocketLimitException) reported.get(1)).event()).isNull();
        assertThat(refusals.get(1)).startsWith("an ack dropped: 3 arguments");
    }

    @Test
    void disconnectsAtTheFirstViolationWhenTheActionIsDisconnect() {
        InboundLimits limits = limits(SocketLimits.builder().onViolation(LimitAction.DISCONNECT));

        assertThat(limits.check("chat", 3, 10)).isEqualTo(InboundLimits.Verdict.DROP_AND_DISCONNECT);
        assertThat(limits.check("chat", 3, 10)).isEqualTo(InboundLimits.Verdict.DROP);
    }

    @Test
    void onlyDropsWithoutADisconnectRule() {
        InboundLimits limits = limits(SocketLimits.builder());

        for (int i = 0; i < 5; i++) {
            assertThat(limits.check("chat", 3, 10)).isEqualTo(InboundLimits.Verdict.DROP);
        }
        assertThat(refusals).hasSize(5);
    }

    @Test
    void keepsControlCharactersOfTheClientsEventNameOutOfTheMessage() {
        InboundLimits limits = limits(SocketLimits.builder());

        limits.check("bad\nname\u0007", 3, 10);

        assertThat(refusals.get(0)).startsWith("event \"bad?name?\" dropped");
        assertThat(((SocketLimitException) reported.get(0)).event()).isEqualTo("bad\nname\u0007");
    }

    @Test
    void replacesC1ControlCharactersAndKeepsOtherNonAsciiNames() {
        InboundLimits limits = limits(SocketLimits.builder());

        limits.check("n\u0085x\u007f\u00e9\u4e2d", 3, 10);

        assertThat(refusals.get(0)).startsWith("event \"n?x?\u00e9\u4e2d\" dropped: 3 arguments");
    }
}
