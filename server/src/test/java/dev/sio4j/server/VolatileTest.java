// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volatile emits, as socket.io: dropped when the transport cannot take the packet now (a polling
 * client with no GET pending), delivered when it can (an idle WebSocket, a pending GET).
 */
class VolatileTest extends ServerTestBase {

    private static final RawClient HTTP = RawClient.shared();
    private final CompletableFuture<Socket> socket = new CompletableFuture<>();

    private String url(String sid) {
        return "http://127.0.0.1:" + address.getPort() + "/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid);
    }

    private String get(String sid) throws Exception {
        HttpResponse<String> r = HTTP.get(url(sid));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private CompletableFuture<String> getAsync(String sid) {
        return HTTP.getAsync(url(sid)).thenApply(HttpResponse::body);
    }

    private void post(String sid, String body) throws Exception {
        HttpResponse<String> r = HTTP.post(url(sid), body);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    /** A polling client connected to "/"; no GET is pending when this returns. */
    private String pollingClient() throws Exception {
        start(b -> { });
        io.on("connection", socket::complete);
        listen();
        String sid = JSON.readTree(get(null).substring(1)).get("sid").asText();
        post(sid, "40");
        assertThat(get(sid)).startsWith("40{\"sid\":");
        return sid;
    }

    @Test
    void aVolatilePacketIsDroppedWhenNoPollIsPending() throws Exception {
        String sid = pollingClient();
        Socket s = socket.get(5, TimeUnit.SECONDS);
        assertThat(s.volatile_().emit("v", 1)).isFalse();
        io.volatile_().emit("v", 2);
        assertThat(s.emit("n", 3)).isTrue();
        assertThat(get(sid)).isEqualTo("42[\"n\",3]");
    }

    @Test
    void aVolatilePacketIsDeliveredToAPendingPoll() throws Exception {
        String sid = pollingClient();
        Socket s = socket.get(5, TimeUnit.SECONDS);
        CompletableFuture<String> pending = getAsync(sid);
        // Repeat until the GET is parked on the server: before that the packet is (rightly) dropped.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.volatile_().emit("v", 1));
        assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo("42[\"v\",1]");
    }

    @Test
    void aVolatilePacketReachesIdleWebSockets() {
        start(b -> { });
        listen();
        List<RawWebSocket> clients = List.of(connected(), connected());
        for (int i = 0; i < 20; i++) {
            io.emit("n", i);   // right after another packet: not a reason to drop
            io.volatile_().emit("v", i);
            for (RawWebSocket c : clients) {
                assertThat(c.nextEvent().data().toString()).isEqualTo("[\"n\"," + i + "]");
                assertThat(c.nextEvent().data().toString()).isEqualTo("[\"v\"," + i + "]");
            }
        }
    }
}
