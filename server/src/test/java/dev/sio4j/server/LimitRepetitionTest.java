// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.server.internal.ServerCore;
import dev.sio4j.testsupport.RawWebSocket;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Repetition without growth (issue 9, item 9) for the per-socket and per-user limits: 10,000
 * events over the rate, 10,000 with too many arguments and 10,000 CONNECTs past a user's
 * connection cap leave the server's bookkeeping (clients, namespace entries, sockets, identities,
 * acks) and Netty's direct memory at their baseline, while a healthy client keeps its events.
 */
class LimitRepetitionTest extends ServerTestBase {

    private static final int TIMES = 10_000;

    private record Sizes(int clients, int namespaceEntries, Set<String> namespaces, int sockets, int identities) {
    }

    private Sizes sizes() {
        ServerCore core = io.core();
        return new Sizes(core.trackedClients(), core.clientNamespaceEntries(), core.namespaceNames(),
                io.of("/").sockets().size(), core.trackedIdentities());
    }

    private static long directMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    @Test
    void overLimitEventsAndConnectsRepeatedLeaveTheBaseline() throws Exception {
        start(b -> b.socketLimits(SocketLimits.builder().eventsPerSecond(new RateLimit(0.001, 5))
                .maxConnectionsPerUser(1).build()));
        io.use((socket, next) -> {
            String user = socket.handshake().auth().path("user").asText(null);
            if (user != null) {
                socket.setIdentity(user);
            }
            next.proceed();
        });
        io.on("connection", s -> s.on("echo", (JsonNode arg, Ack ack) -> ack.send(arg)));
        listen();
        RawWebSocket healthy = client();
        assertThat(healthy.connectNs("/", "{\"user\":\"alice\"}").type()).isEqualTo(SocketPacketType.CONNECT);
        RawWebSocket flooder = connected();
        RawWebSocket impostor = client();
        await().until(() -> io.of("/").sockets().size() == 2);
        Sizes baseline = sizes();
        long memoryBefore = directMemory();

        String tooMany = "2[\"echo\"," + String.join(",", Collections.nCopies(101, "1")) + "]";
        for (int i = 0; i < TIMES; i++) {
            flooder.sendPacket("2" + i + "[\"echo\"," + i + "]");
            flooder.sendPacket(tooMany);
            // One CONNECT at a time: a second one while the first is pending is a protocol violation.
            assertThat(impostor.connectNs("/", "{\"user\":\"alice\"}").type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(flooder.nextPacket().id()).as("the burst").isEqualTo(i);
        }
        healthy.sendPacket("27[\"echo\",\"fine\"]");
        assertThat(healthy.nextPacket().data().get(0).asText()).isEqualTo("fine");
        assertThat(flooder.pollPacket(Duration.ofMillis(100))).as("nothing past the burst").isNull();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sizes()).isEqualTo(baseline));
        for (Socket s : io.of("/").sockets().values()) {
            assertThat(ServerCore.pendingAcks(s)).isZero();
        }
        // The flooder's frames are written, not yet all read: wait for the server to get through them.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(io.refusals().count(RefusalCause.LIMIT)).isEqualTo(3L * TIMES - 5));
        assertThat(directMemory()).as("direct memory in use (pooled chunks may stay)")
                .isLessThanOrEqualTo(memoryBefore + (16L << 20));
        assertThat(flooder.closed()).isNotDone();
    }
}
