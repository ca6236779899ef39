// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-socket limits (issue 9, item 3; SECURITY-CASES row 54): arguments per event (on by
 * default), events and bytes per second (off by default), the action on a violation, each counted.
 * Buckets here barely refill (0.001 per second), so what passes is exactly the burst.
 */
class SocketLimitsTest extends ServerTestBase {

    private static final double NO_REFILL = 0.001;
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

    private void startWith(SocketLimits limits) {
        start(b -> b.socketLimits(limits));
        io.on("connection", s -> {
            s.onError(errors::add);
            s.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg));
            s.onArgs("count", (List<JsonNode> args, Ack ack) -> ack.send(args.size()));
            s.on("disconnect", reason -> disconnects.add(reason.asText()));
        });
        io.of("/other").on("connection", s -> s.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg)));
        listen();
    }

    private static String args(int n) {
        return String.join(",", Collections.nCopies(n, "1"));
    }

    private SocketLimitException nextLimitError() throws InterruptedException {
        Throwable t = errors.poll(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(SocketLimitException.class);
        return (SocketLimitException) t;
    }

    @Test
    void anEventWithTooManyArgumentsIsDroppedAndReportedByDefault() throws Exception {
        startWith(SocketLimits.defaults());
        RawWebSocket c = connected();
        c.sendPacket("21[\"count\"," + args(101) + "]");
        SocketLimitException e = nextLimitError();
        assertThat(e.limit()).isEqualTo(SocketLimitException.Limit.ARGUMENTS);
        assertThat(e.event()).isEqualTo("count");
        c.sendPacket("22[\"count\"," + args(100) + "]");
        SocketPacket ack = c.nextPacket();
        assertThat(ack.id()).as("the dropped event's ack never comes").isEqualTo(2);
        assertThat(ack.data().get(0).asInt()).isEqualTo(100);
        assertThat(io.refusals().count(RefusalCause.LIMIT)).isEqualTo(1);
        assertThat(c.closed()).isNotDone();
    }

    @Test
    void row54_eventsOverTheRateAreDroppedWithAnErrorAndOthersUnaffected() throws Exception {
        startWith(SocketLimits.builder().eventsPerSecond(new RateLimit(NO_REFILL, 5)).build());
        RawWebSocket flooder = connected();
        RawWebSocket healthy = connected();
        for (int i = 0; i < 10; i++) {
            flooder.sendPacket("2" + i + "[\"echo\"," + i + "]");
        }
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acked.add(flooder.nextPacket().id());
        }
        assertThat(acked).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(flooder.pollPacket(Duration.ofMillis(200))).isNull();
        for (int i = 0; i < 5; i++) {
            assertThat(nextLimitError().limit()).isEqualTo(SocketLimitException.Limit.EVENT_RATE);
        }
        healthy.sendPacket("27[\"echo\",\"fine\"]");
        assertThat(healthy.nextPacket().data().get(0).asText()).isEqualTo("fine");
        assertThat(io.refusals().count(RefusalCause.LIMIT)).isEqualTo(5);
        assertThat(flooder.closed()).isNotDone();
        assertThat(disconnects).isEmpty();
    }

    @Test
    void bytesOverTheRateAreDropped() throws Exception {
        startWith(SocketLimits.builder().bytesPerSecond(new RateLimit(NO_REFILL, 100)).build());
        RawWebSocket c = connected();
        String x = "x".repeat(60 - "21[\"echo\",\"\"]".length());
        c.sendPacket("21[\"echo\",\"" + x + "\"]");               // 60 characters: 40 left
        assertThat(c.nextPacket().id()).isEqualTo(1);
        c.sendPacket("22[\"echo\",\"" + x + "\"]");               // 60 more: over
        assertThat(nextLimitError().limit()).isEqualTo(SocketLimitException.Limit.BYTE_RATE);
        c.sendPacket("23[\"echo\",1]");                               // 13 characters still fit
        assertThat(c.nextPacket().id()).isEqualTo(3);
    }

    @Test
    void theDisconnectPolicyDisconnectsOnlyThatSocket() throws Exception {
        startWith(SocketLimits.builder().eventsPerSecond(new RateLimit(NO_REFILL, 2)).onViolation(LimitAction.DISCONNECT)
                .build());
        RawWebSocket c = connected();
        assertThat(c.connectNs("/other", null).type()).isEqualTo(SocketPacketType.CONNECT);
        for (int i = 0; i < 3; i++) {
            c.sendPacket("2" + i + "[\"echo\"," + i + "]");
        }
        assertThat(c.nextPacket().id()).isEqualTo(0);
        assertThat(c.nextPacket().id()).isEqualTo(1);
        assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.DISCONNECT);
        assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("server namespace disconnect");
        assertThat(nextLimitError().limit()).isEqualTo(SocketLimitException.Limit.EVENT_RATE);
        c.sendPacket("2/other,5[\"echo\",\"other namespace\"]");
        assertThat(c.nextPacket().data().get(0).asText()).isEqualTo("other namespace");
    }

    @Test
    void dropThenDisconnectAfterSoManyViolations() throws Exception {
        startWith(SocketLimits.builder().eventsPerSecond(new RateLimit(NO_REFILL, 1)).disconnectAfterViolations(3)
                .build());
        RawWebSocket c = connected();
        for (int i = 0; i < 4; i++) {
            c.sendPacket("2" + i + "[\"echo\"," + i + "]");
        }
        assertThat(c.nextPacket().id()).isEqualTo(0);
        assertThat(c.nextPacket().type()).isEqualTo(SocketPacketType.DISCONNECT);
        assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("server namespace disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() == 3);
    }
}
