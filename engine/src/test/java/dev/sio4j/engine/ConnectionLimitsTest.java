// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import dev.sio4j.testsupport.WebSocketFrames;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The per-address and per-session limits on a real server (issue 9, item 3; SECURITY-CASES rows
 * 17 and 53): a handshake over a limit gets 429 in engine.io's error shape, sessions already open
 * keep working, loopback is exempt unless asked, a trusted proxy's client address is what counts,
 * and a pong or WebSocket ping flood closes only the flooding session.
 */
class ConnectionLimitsTest {

    private static final RawClient HTTP = RawClient.shared();

    /** engine.io's body, then the refusal id sio4j adds. */
    private static final String TOO_MANY = "{\"code\":4,\"message\":\"Too many requests\",\"id\":\"";

    private static EchoServer server(UnaryOperator<EngineOptions.Builder> tweak) {
        return new EchoServer(b -> tweak.apply(b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))));
    }

    private static HttpResponse<String> handshake(EchoServer s, String... headers) throws Exception {
        return RawClient.shared().get(s.url("EIO=4&transport=polling"), headers);
    }

    private static String sid(HttpResponse<String> open) {
        int i = open.body().indexOf("\"sid\":\"") + 7;
        return open.body().substring(i, open.body().indexOf('"', i));
    }

    @Test
    void row53_connectionsPerAddressOver429AndOpenSessionsUnaffected() throws Exception {
        BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();
        try (EchoServer s = server(b -> b.connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(2)
                .limitLoopback(true).build()))) {
            s.server.onConnectionError(errors::add);
            String first = s.openPolling();
            String second = s.openPolling();
            HttpResponse<String> third = handshake(s);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).startsWith(TOO_MANY);
            assertThat(third.headers().firstValue("content-type")).hasValue("application/json");
            try (RawConnection raw = RawConnection.open(s.address)) {
                raw.write(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", ""));
                assertThat(raw.readResponse()).startsWith("HTTP/1.1 429").endsWith("Too many requests");
            }
            ConnectionError e = errors.poll(5, TimeUnit.SECONDS);
            assertThat(e.cause()).isEqualTo(RefusalCause.LIMIT);
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.context()).containsEntry("name", "TOO_MANY_CONNECTIONS").containsEntry("limit", "2");

            assertThat(HTTP.post(s.pollUrl(first), "4still here").statusCode()).isEqualTo(200);
            assertThat(HTTP.get(s.pollUrl(first)).body()).isEqualTo("4still here");
            HTTP.post(s.pollUrl(second), "1"); // the client closes one session: its slot comes back
            s.closeOf(second);
            assertThat(handshake(s).statusCode()).isEqualTo(200);
            assertThat(s.server.refusals().count(RefusalCause.LIMIT)).isEqualTo(2);
        }
    }

    @Test
    void aHandshakeWhoseAllowRequestNeverAnswersGivesItsSlotBackWhenItsConnectionCloses() throws Exception {
        try (EchoServer s = server(b -> b.connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(1)
                .limitLoopback(true).build()).allowRequest(req -> req.queryParam("hang") != null
                        ? new java.util.concurrent.CompletableFuture<>()
                        : java.util.concurrent.CompletableFuture.completedFuture(AllowRequest.Decision.allow())))) {
            try (RawConnection hanging = RawConnection.open(s.address)) {
                hanging.write("GET /engine.io/?EIO=4&transport=polling&hang=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> handshake(s).statusCode() == 429);
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> handshake(s).statusCode() == 200);
        }
    }

    @Test
    void handshakesPerAddressOver429WithRetryAfter() throws Exception {
        try (EchoServer s = server(b -> b.connectionLimits(ConnectionLimits.builder()
                .handshakesPerIp(new RateLimit(0.5, 2)).limitLoopback(true).build()))) {
            assertThat(handshake(s).statusCode()).isEqualTo(200);
            assertThat(handshake(s).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = handshake(s);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).startsWith(TOO_MANY);
            assertThat(refused.headers().firstValue("retry-after")).hasValue("2");
        }
    }

    @Test
    void loopbackIsNotLimitedByDefault() throws Exception {
        try (EchoServer s = server(b -> b.connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(2)
                .handshakesPerIp(RateLimit.perSecond(1)).build()))) {
            for (int i = 0; i < 10; i++) {
                assertThat(handshake(s).statusCode()).isEqualTo(200);
            }
            assertThat(s.server.clientsCount()).isEqualTo(10);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressCounts() throws Exception {
        try (EchoServer s = server(b -> b.trustedProxies("127.0.0.1")
                .connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(2).build()))) {
            assertThat(handshake(s, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
            assertThat(handshake(s, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
            assertThat(handshake(s, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(429);
            assertThat(handshake(s, "X-Forwarded-For", "198.51.100.8").statusCode()).as("another client").isEqualTo(200);
            assertThat(handshake(s, "X-Forwarded-For", "127.0.0.1").statusCode()).as("a local client").isEqualTo(200);
            assertThat(handshake(s, "X-Forwarded-For", "127.0.0.1").statusCode()).isEqualTo(200);
            assertThat(handshake(s, "X-Forwarded-For", "127.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void row17_aPongFloodClosesOnlyThatSession() throws Exception {
        try (EchoServer s = server(b -> b.pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(300))
                .connectionLimits(ConnectionLimits.builder().controlPacketsPerSession(RateLimit.perSecond(5).withBurst(20))
                        .build()))) {
            RawWebSocket healthy = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
            assertThat(healthy.nextText()).startsWith("0{");

            String pollingSid = s.openPolling();
            assertThat(HTTP.post(s.pollUrl(pollingSid), String.join("\u001e", java.util.Collections.nCopies(50, "3")))
                    .statusCode()).isEqualTo(200);
            EchoServer.Closed polling = s.closeOf(pollingSid);
            assertThat(polling.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(polling.description()).isEqualTo("too many control packets");

            // Each flood in one write: the server closes the connection past the 20th frame.
            try (RawConnection ws = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
                ws.write(frames(0x81, "3".getBytes(StandardCharsets.UTF_8), 50));
                assertThat(ws.closedByServer()).isTrue();
            }
            try (RawConnection ws = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
                ws.write(frames(0x89, new byte[0], 50)); // WebSocket ping frames
                assertThat(ws.readCloseCode()).isEqualTo(1008);
            }
            // The healthy client answers several pings meanwhile and still echoes.
            for (int i = 0; i < 3; i++) {
                RawWebSocket.Frame m;
                while (!(m = healthy.nextFrame()).isPing()) {
                    assertThat(m).isNotNull();
                }
                healthy.send("3");
            }
            healthy.send("4ok");
            RawWebSocket.Frame echoed;
            while ((echoed = healthy.nextFrame()).isPing()) {
                healthy.send("3");
            }
            assertThat(echoed.text()).isEqualTo("4ok");
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> s.server.refusals().count(RefusalCause.LIMIT) == 3);
            healthy.abort();
        }
    }

    private static byte[] frames(int firstByte, byte[] payload, int count) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(WebSocketFrames.clientFrame(firstByte, payload, true));
        }
        return out.toByteArray();
    }

    @Test
    void theWarningAboutAnUntrustedProxyIsLoggedOnce() throws Exception {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try (EchoServer s = server(b -> b.connectionLimits(ConnectionLimits.builder().maxConnectionsPerIp(1)
                .limitLoopback(true).build()))) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(handshake(s, "X-Forwarded-For", "198.51.100." + i).statusCode());
            }
            assertThat(statuses).containsExactly(200, 429, 429, 429);
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("is not in trustedProxies", -1)).as(log).hasSize(2);
    }
}
