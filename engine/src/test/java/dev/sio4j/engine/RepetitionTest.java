// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Repetition without growth (issue 9, item 9) for the refusals the Origin check and the limits
 * add: each bad input repeated many times against one server leaves the session map, the
 * per-address limiter and Netty's direct memory at their baseline, while a healthy client on the
 * same server keeps its messages. Requests go over one keep-alive connection each, so that
 * 10,000 of them take seconds.
 */
class RepetitionTest {

    private static final int TIMES = 10_000;
    private static final String HANDSHAKE = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n";

    private static long directMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    private static String sid(String response) {
        int i = response.indexOf("\"sid\":\"") + 7;
        return response.substring(i, response.indexOf('"', i));
    }

    @Test
    void refusedOriginsLimitsAndCyclingAddressesLeaveNothingBehind() throws Exception {
        try (EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)).pingTimeout(Duration.ofSeconds(60))
                .trustedProxies("127.0.0.1")
                .connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(1).handshakesPerIp(new RateLimit(1e9, 1_000))
                        .controlPacketsPerSession(RateLimit.perSecond(5).withBurst(20)).build()));
             RawConnection keepAlive = RawConnection.open(s.address)) {
            RawWebSocket healthy = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
            assertThat(healthy.nextText()).startsWith("0{");
            // The one session of 198.51.100.1, which makes its further handshakes one too many.
            String holder = keepAlive.write(HANDSHAKE + "X-Forwarded-For: 198.51.100.1\r\n\r\n").readResponse();
            assertThat(holder).startsWith("HTTP/1.1 200");
            Awaitility.await().until(() -> s.server.clientsCount() == 2);
            long memoryBefore = directMemory();

            for (int i = 0; i < TIMES; i++) {
                String r = keepAlive.write(HANDSHAKE + "Origin: https://evil.example\r\n\r\n").readResponse();
                assertThat(r).startsWith("HTTP/1.1 403");
            }
            for (int i = 0; i < TIMES; i++) {
                String r = keepAlive.write(HANDSHAKE + "X-Forwarded-For: 198.51.100.1\r\n\r\n").readResponse();
                assertThat(r).startsWith("HTTP/1.1 429");
            }
            for (int i = 0; i < TIMES; i++) {
                // A client cycling through addresses: each handshake opens a session, which it closes.
                String forwarded = "X-Forwarded-For: 10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff) + "\r\n";
                String open = keepAlive.write(HANDSHAKE + forwarded + "\r\n").readResponse();
                assertThat(open).startsWith("HTTP/1.1 200");
                String close = "POST /engine.io/?EIO=4&transport=polling&sid=" + sid(open) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + forwarded + "Content-Type: text/plain\r\nContent-Length: 1\r\n\r\n1";
                assertThat(keepAlive.write(close).readResponse()).startsWith("HTTP/1.1 200");
            }
            for (int i = 0; i < 200; i++) {
                try (RawConnection flood = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
                    java.io.ByteArrayOutputStream pongs = new java.io.ByteArrayOutputStream();
                    for (int p = 0; p < 30; p++) {
                        pongs.writeBytes(WebSocketFrames.clientFrame(0x81, "3".getBytes(StandardCharsets.UTF_8), true));
                    }
                    flood.write(pongs.toByteArray()); // in one write: the server closes past the 20th
                    assertThat(flood.closedByServer()).isTrue();
                }
            }

            healthy.send("4still here");
            String echoed;
            while ("2".equals(echoed = healthy.nextText())) {
                healthy.send("3"); // the heartbeat goes on meanwhile: the session must stay alive
            }
            assertThat(echoed).isEqualTo("4still here");
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(s.server.clientsCount()).as("the healthy client and the holder").isEqualTo(2);
                assertThat(((dev.sio4j.engine.internal.RealEngineServer) s.server).trackedAddresses())
                        .as("only the holder's address").isEqualTo(1);
            });
            assertThat(s.server.refusals().count(RefusalCause.ORIGIN)).isEqualTo(TIMES);
            assertThat(s.server.refusals().count(RefusalCause.LIMIT)).isEqualTo(TIMES + 200);
            assertThat(directMemory()).as("direct memory in use (pooled chunks may stay)")
                    .isLessThanOrEqualTo(memoryBefore + (16L << 20));
            healthy.abort();
        }
    }
}
