// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.client.AckCallback;
import dev.sio4j.protocol.AckException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ack bookkeeping with timers the test fires itself, so races are decided by the test. */
class AckRegistryTest {

    private final List<Runnable> timers = new ArrayList<>();
    private final AckRegistry acks = new AckRegistry(() -> (task, delay) -> {
        timers.add(task);
        return () -> timers.remove(task);
    });
    private final List<String> calls = new ArrayList<>();
    private final AckCallback record = (error, args) ->
            calls.add(error != null ? ((AckException) error).reason().name() : "ok " + args);

    @Test
    void aZeroTimeoutFailsEvenWhenTheReplyWinsTheRaceOnTheEventLoop() {
        long id = acks.register(record, Duration.ZERO, new SendBuffer());
        acks.onAck(id, JsonNodeFactory.instance.arrayNode().add(42));   // the reply is handled first
        assertThat(calls).isEmpty();
        timers.get(0).run();                                             // then the 0 ms timer runs
        assertThat(calls).containsExactly("TIMEOUT");
        acks.onAck(id, JsonNodeFactory.instance.arrayNode().add(42));   // a late duplicate: ignored
        assertThat(calls).containsExactly("TIMEOUT");
        assertThat(acks.size()).isZero();
    }

    @Test
    void aReplyBeforeAPositiveTimeoutCompletesOnceAndCancelsTheTimer() {
        long id = acks.register(record, Duration.ofMillis(50), new SendBuffer());
        acks.onAck(id, JsonNodeFactory.instance.arrayNode().add(42));
        assertThat(calls).containsExactly("ok [42]");
        assertThat(timers).isEmpty();
        acks.onAck(id, JsonNodeFactory.instance.arrayNode().add(43));
        assertThat(calls).containsExactly("ok [42]");
    }

    @Test
    void aTimeoutFiresOnceAndALateReplyIsIgnored() {
        long id = acks.register(record, Duration.ofMillis(50), new SendBuffer());
        timers.get(0).run();
        acks.onAck(id, JsonNodeFactory.instance.arrayNode().add(42));
        assertThat(calls).containsExactly("TIMEOUT");
        assertThat(acks.size()).isZero();
    }
}
