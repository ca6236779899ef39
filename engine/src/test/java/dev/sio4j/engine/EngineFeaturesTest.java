// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sio4j.engine.internal.MessageFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Options and API behaviour end to end: broadcast messages, queue cap, CORS, hooks, fallback, close. */
class EngineFeaturesTest {

    private static final RawClient HTTP = RawClient.shared();

    private static EchoServer slow(java.util.function.UnaryOperator<EngineOptions.Builder> more) {
        return new EchoServer(b -> more.apply(b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20))));
    }

    @Test
    void engineMessageReachesWebSocketAndPollingSockets() throws Exception {
        try (EchoServer s = slow(b -> b)) {
            RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
            ws.nextText();
            String sid = s.openPolling();
            EngineSocket a = s.connections.poll(5, TimeUnit.SECONDS);
            EngineSocket b = s.connections.poll(5, TimeUnit.SECONDS);
            try (EngineMessage msg = EngineMessage.of("51-[\"x\",{\"_placeholder\":true,\"num\":0}]", List.of(new byte[] {7, 8}))) {
                assertThat(a.send(msg, false)).isTrue();
                assertThat(b.send(msg, false)).isTrue();
            }
            assertThat(ws.nextText()).isEqualTo("451-[\"x\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(ws.nextFrame().bytes()).containsExactly(7, 8);
            assertThat(HTTP.get(s.pollUrl(sid)).body())
                    .isEqualTo("451-[\"x\",{\"_placeholder\":true,\"num\":0}]\u001ebBwg=");
            ws.abort();
        }
    }

    @Test
    void engineMessageRefusesUseAfterClose() {
        EngineMessage msg = EngineMessage.of("x");
        msg.close();
        msg.close();
        assertThatThrownBy(() -> MessageFrames.retainedFrames(msg)).isInstanceOf(IllegalStateException.class);
        assertThat(MessageFrames.pollingPackets(msg)).containsExactly("4x");
    }

    @Test
    void row20_fullQueueDropsVolatileThenClosesTheSession() throws Exception {
        try (EchoServer s = slow(b -> b.maxOutboundQueue(4))) {
            String sid = s.openPolling();
            EngineSocket socket = s.connections.poll(5, TimeUnit.SECONDS);
            // No GET pending: a volatile message is dropped at once, the session stays open.
            try (EngineMessage m = EngineMessage.of("v")) {
                assertThat(socket.send(m, true)).isFalse();
            }
            assertThat(socket.isOpen()).isTrue();
            for (int i = 0; i < 4; i++) {
                assertThat(socket.send("m" + i)).isTrue();
            }
            assertThat(socket.send("overflow")).isFalse();
            EchoServer.Closed c = s.closeOf(sid);
            assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(c.description()).isEqualTo("outbound queue full");
            Awaitility.await().until(() -> s.server.clientsCount() == 0);
        }
    }

    @Test
    void corsPreflightAndAllowList() throws Exception {
        try (EchoServer s = slow(b -> b.cors(CorsOptions.builder().allowedOrigins("http://good.example")
                .credentials(true).maxAge(Duration.ofMinutes(10)).build()))) {
            HttpResponse<String> pre = HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://good.example")
                    .header("Access-Control-Request-Headers", "x-token"));
            assertThat(pre.statusCode()).isEqualTo(204);
            assertThat(pre.headers().firstValue("access-control-allow-origin")).hasValue("http://good.example");
            assertThat(pre.headers().firstValue("access-control-allow-credentials")).hasValue("true");
            assertThat(pre.headers().firstValue("access-control-allow-headers")).hasValue("x-token");
            assertThat(pre.headers().firstValue("access-control-max-age")).hasValue("600");

            HttpResponse<String> ok = HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                    .header("Origin", "http://good.example"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue("http://good.example");

            // Row 50: a foreign origin is refused on polling (403 code 4) and on WebSocket (400 Forbidden).
            HttpResponse<String> bad = HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                    .header("Origin", "http://evil.example"));
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.body()).startsWith("{\"code\":4,\"message\":\"Forbidden\",\"id\":\"");
            assertThat(bad.headers().firstValue("access-control-allow-origin")).isEmpty();
            try (RawConnection raw = RawConnection.open(s.address)) {
                raw.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n");
                assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").endsWith("Forbidden");
            }
        }
    }

    @Test
    void row50_invalidOriginCharactersGiveCode3() throws Exception {
        try (EchoServer s = slow(b -> b); RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nOrigin: http://a\u0001b\r\n\r\n");
            String res = raw.readResponse();
            assertThat(res).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void allowRequestRefusesAndAllowsAsynchronously() throws Exception {
        var executor = Executors.newSingleThreadScheduledExecutor();
        try (EchoServer s = slow(b -> b.allowRequest(req -> {
            CompletableFuture<AllowRequest.Decision> d = new CompletableFuture<>();
            executor.schedule(() -> d.complete(req.queryParam("deny") != null
                    ? AllowRequest.Decision.deny("go away") : AllowRequest.Decision.allow()), 10, TimeUnit.MILLISECONDS);
            return d;
        }))) {
            HttpResponse<String> denied = HTTP.get(s.url("EIO=4&transport=polling&deny=1"));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).startsWith("{\"code\":4,\"message\":\"go away\",\"id\":\"");
            assertThat(HTTP.get(s.url("EIO=4&transport=polling")).body()).startsWith("0{");
            RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
            assertThat(ws.nextText()).startsWith("0{");
            ws.abort();
            assertThatThrownBy(() -> RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket&deny=1"))).isInstanceOf(RuntimeException.class);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void cookieAndInitialHeadersOnTheHandshakeOnly() throws Exception {
        try (EchoServer s = slow(b -> b.cookie(CookieOptions.defaults())
                .initialHeaders((req, h) -> h.add("Set-Cookie", "theme=dark; Path=/")))) {
            HttpResponse<String> r = HTTP.get(s.url("EIO=4&transport=polling"));
            String sid = r.body().substring(9, r.body().indexOf('"', 9));
            assertThat(r.headers().allValues("set-cookie"))
                    .containsExactly("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax", "theme=dark; Path=/");
            assertThat(HTTP.post(s.pollUrl(sid), "4x").headers().allValues("set-cookie")).isEmpty();
        }
    }

    @Test
    void fallbackServesOtherPaths() throws Exception {
        HttpFallback page = (ctx, req) -> {
            String text = "page " + req.uri() + " " + req.content().toString(StandardCharsets.UTF_8);
            req.release();
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(res);
        };
        try (EchoServer s = slow(b -> b.httpFallback(page))) {
            String base = "http://127.0.0.1:" + s.address.getPort();
            assertThat(HTTP.get(base + "/index.html").body()).isEqualTo("page /index.html ");
            assertThat(HTTP.post(base + "/form", "a=1").body()).isEqualTo("page /form a=1");
            assertThat(HTTP.send(HTTP.request(base + "/form").expectContinue(true)
                    .timeout(java.time.Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("b=2"))).body()).as("the body invited by a 100 Continue").isEqualTo("page /form b=2");
            assertThat(HTTP.get(s.url("EIO=4&transport=polling")).body()).startsWith("0{");
        }
    }

    @Test
    void largePollingPayloadsAreCompressed() throws Exception {
        try (EchoServer s = slow(b -> b)) {
            String sid = s.openPolling();
            HTTP.post(s.pollUrl(sid), "4" + "z".repeat(5000));
            HttpResponse<byte[]> r = RawClient.shared().httpClient().send(HttpRequest.newBuilder(URI.create(s.pollUrl(sid)))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
            byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
            assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("4" + "z".repeat(5000));
        }
    }

    @Test
    void closeEndsEverySessionCleanly() throws Exception {
        EchoServer s = slow(b -> b);
        RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"));
        ws.nextText();
        String sid = s.openPolling();
        CompletableFuture<HttpResponse<String>> poll = HTTP.getAsync(s.pollUrl(sid));
        Awaitility.await().until(() -> s.server.clientsCount() == 2);
        s.close();
        assertThat(ws.awaitCloseCode()).as("an empty Close frame, as ws sends").isEqualTo(1005);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        assertThat(s.closeOf(sid).reason().wireName()).as("engine.io's name for server.close()").isEqualTo("forced close");
        assertThat(poll.handle((r, e) -> e != null || r.body().endsWith("1")).join()).isTrue();
        assertThat(s.server.clientsCount()).isZero();
        assertThat(s.server.listen("127.0.0.1", 0)).isCompletedExceptionally();
    }

    @Test
    void optionsValidateOnce() {
        assertThatThrownBy(() -> EngineOptions.builder().pingInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineOptions.builder().maxHttpBufferSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CorsOptions.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CookieOptions("a;b", "/", true, "Lax", null, null)).isInstanceOf(IllegalArgumentException.class);
        EngineOptions d = EngineOptions.defaults();
        assertThat(d.path()).isEqualTo("/engine.io/");
        assertThat(d.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(d.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.maxHttpBufferSize()).isEqualTo(1_000_000);
        assertThat(d.transports()).containsExactly(Transport.POLLING, Transport.WEBSOCKET);
        assertThat(EngineOptions.builder().path("socket.io").build().path()).isEqualTo("/socket.io/");
        assertThat(d.toBuilder().build().httpCompressionThreshold()).isEqualTo(1024);
        assertThat(d.maxOutboundQueue()).isEqualTo(4096);
        assertThat(d.maxOutboundBytes()).isEqualTo(16L << 20);
        assertThat(d.toBuilder().maxOutboundBytes(4096).build().maxOutboundBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> EngineOptions.builder().maxOutboundBytes(100)).isInstanceOf(IllegalArgumentException.class);
    }
}
