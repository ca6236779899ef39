// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Observable refusals (issue 9, item 5): every refused HTTP request is one connection_error in
 * engine.io's shape, with the request's address, path and headers and an id that is also in the
 * DEBUG log line (which carries no headers, query or payload); the counters by cause include the
 * sessions closed for what their client sent.
 */
class ConnectionErrorTest {

    private static final RawClient HTTP = RawClient.shared();

    private final BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();
    private EchoServer s;

    @BeforeEach
    void start() {
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))
                .allowRequest(req -> CompletableFuture.completedFuture(req.queryParam("deny") == null
                        ? AllowRequest.Decision.allow() : AllowRequest.Decision.deny("no thanks"))));
        s.server.onConnectionError(errors::add);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private ConnectionError next() throws InterruptedException {
        ConnectionError e = errors.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("a connection_error within 5 s").isNotNull();
        return e;
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        return RawClient.shared().get(url, headers);
    }

    @Test
    void aForeignOriginIsOneErrorWithTheRequestsDetails() throws Exception {
        HttpResponse<String> r = get(s.url("EIO=4&transport=polling&token=secret"), "Origin", "https://evil.example",
                "Authorization", "Bearer secret-token");
        ConnectionError e = next();
        assertThat(e.cause()).isEqualTo(RefusalCause.ORIGIN);
        assertThat(e.status()).isEqualTo(r.statusCode()).isEqualTo(403);
        assertThat(e.code()).isEqualTo(4);
        assertThat(e.message()).isEqualTo("Forbidden");
        assertThat(e.context()).containsEntry("name", "ORIGIN_NOT_ALLOWED").containsEntry("origin", "https://evil.example");
        assertThat(e.address()).isEqualTo("127.0.0.1");
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.path()).isEqualTo("/engine.io/");
        assertThat(e.headers()).containsEntry("authorization", java.util.List.of("Bearer secret-token"));
        assertThat(e.toString()).contains(e.id()).doesNotContain("secret");
        assertThat(e.id()).matches("[0-9a-f]{12}");
        assertThat(s.server.refusals().count(RefusalCause.ORIGIN)).isEqualTo(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void everyKindOfRefusedRequestIsReported() throws Exception {
        get(s.url("EIO=4&transport=polling&sid=forged"));
        ConnectionError unknownSid = next();
        assertThat(unknownSid.cause()).isEqualTo(RefusalCause.BAD_REQUEST);
        assertThat(unknownSid.code()).isEqualTo(1);
        assertThat(unknownSid.context()).containsEntry("name", "UNKNOWN_SID").doesNotContainValue("forged");

        get(s.url("EIO=3&transport=polling"));
        assertThat(next().code()).isEqualTo(5);

        HttpResponse<String> denied = get(s.url("EIO=4&transport=polling&deny=1"));
        ConnectionError auth = next();
        assertThat(auth.cause()).isEqualTo(RefusalCause.AUTH);
        assertThat(auth.message()).isEqualTo("no thanks");
        assertThat(auth.status()).isEqualTo(denied.statusCode()).isEqualTo(403);

        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write(RawConnection.upgradeRequest("/engine.io/?EIO=4&transport=websocket", "").replace("dGhlIHNhbXBsZSBub25jZQ==", "abc"));
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
        ConnectionError badKey = next();
        assertThat(badKey.context()).containsEntry("name", "INVALID_WEBSOCKET_KEY");
        assertThat(badKey.status()).isEqualTo(400);

        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GARBAGE\r\n\r\n");
            raw.readResponse();
        }
        ConnectionError garbage = next();
        assertThat(garbage.cause()).isEqualTo(RefusalCause.BAD_REQUEST);
        assertThat(garbage.address()).isEqualTo("127.0.0.1");

        assertThat(s.server.refusals().snapshot()).containsEntry(RefusalCause.BAD_REQUEST, 4L)
                .containsEntry(RefusalCause.AUTH, 1L).containsEntry(RefusalCause.ORIGIN, 0L);
    }

    @Test
    void theDebugLineCarriesTheIdButNoHeadersQueryOrToken() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ConnectionError e;
        try {
            get(s.url("EIO=4&transport=polling&sid=forged&token=query-secret"), "Authorization", "Bearer header-secret",
                    "Cookie", "io=cookie-secret");
            e = next();
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("refused " + e.id()).contains("127.0.0.1").contains("/engine.io/")
                .doesNotContain("secret").doesNotContain("forged");
    }

    @Test
    void sessionsClosedForWhatTheirClientSentAreCounted() throws Exception {
        String sid = s.openPolling();
        HTTP.post(s.pollUrl(sid), "2"); // a ping from the client
        assertThat(s.closeOf(sid).description()).isEqualTo("invalid heartbeat direction");
        try (RawConnection ws = RawConnection.webSocket(s.address, "/engine.io/?EIO=4&transport=websocket")) {
            ws.frame(0xA1, "4x".getBytes(StandardCharsets.UTF_8), true); // RSV2 set
            assertThat(ws.readCloseCode()).isEqualTo(1002);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(s.server.refusals().count(RefusalCause.PROTOCOL_VIOLATION)).isEqualTo(1);
            assertThat(s.server.refusals().count(RefusalCause.BAD_FRAME)).isEqualTo(1);
        });
        assertThat(errors).as("no HTTP request was refused").isEmpty();
    }
}
