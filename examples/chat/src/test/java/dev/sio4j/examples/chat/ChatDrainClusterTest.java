// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.examples.chat.ChatConfig.RedisMode;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.ChildProcess;
import dev.sio4j.testsupport.NginxServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's drain scenario: two chat nodes on the Redis adapter behind nginx (node A first,
 * node B when A answers 503 or is gone, as a rolling deploy's balancer does); official
 * socket.io-client peers in Node send acknowledged messages while A drains. Every client comes
 * back on B by itself, and every message a client got an ack for reaches a receiver on B.
 */
class ChatDrainClusterTest {

    @Test
    void officialClientsMoveToTheOtherNodeWithoutLosingAnAcknowledgedMessage() throws Exception {
        try (ChatCluster cluster = new ChatCluster(RedisMode.CLASSIC)) {
            ChatServer a = cluster.javaNode(false);
            ChatServer b = cluster.javaNode(false);
            try (NginxServer nginx = NginxServer.start(NginxServer.failoverHttpBlock(a.port(), b.port()));
                 ChildProcess driver = ChatScripts.node("drain.mjs", "http://127.0.0.1:" + nginx.port(),
                         "http://127.0.0.1:" + b.port(), "40")) {
                driver.awaitType("sending", Duration.ofSeconds(60));
                assertThat(a.io().clientsCount()).as("the senders start on node A").isGreaterThanOrEqualTo(4);
                CompletableFuture<Void> drained = a.io().shutdown(Duration.ofSeconds(10));
                assertThat(a.io().state()).isEqualTo(SocketIoServer.State.DRAINING);

                JsonNode done = driver.awaitType("done", Duration.ofSeconds(100));
                drained.get(30, TimeUnit.SECONDS);
                assertThat(done.path("missing")).as("acknowledged but never delivered" + driver.describe()).isEmpty();
                for (JsonNode sender : done.path("senders")) {
                    assertThat(sender.path("acked")).as(sender.toString()).hasSize(40);
                    assertThat(sender.path("connects").asInt()).as("moved to B: " + sender).isGreaterThanOrEqualTo(2);
                    for (JsonNode ending : sender.path("endings")) {
                        assertThat(ending.asText()).as("ended as a lost transport, which reconnects: " + sender)
                                .isIn("transport close", "transport error", "io client disconnect");
                    }
                }
            }
        }
    }
}
