// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The page and the client bundle as served over HTTP, on an EmbeddedChannel (buffers released). */
class StaticFilesTest {

    private final StaticFiles files = new StaticFiles(ChatResources.load(getClass().getClassLoader(), "/socket.io/"));
    private final EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>(false) {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            files.handle(ctx, request);
        }
    });

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse request(HttpMethod method, String uri, String... headers) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            req.headers().add(headers[i], headers[i + 1]);
        }
        channel.writeInbound(req);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response to %s %s", method, uri).isNotNull();
        assertThat(req.refCnt()).as("the request is released").isZero();
        return response;
    }

    private static byte[] body(FullHttpResponse response) {
        try {
            return ByteBufUtil.getBytes(response.content());
        } finally {
            response.release();
        }
    }

    @Test
    void thePageAtTheRootWithSecurityHeaders() {
        FullHttpResponse res = request(HttpMethod.GET, "/");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(res.headers().get("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(res.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(res.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        String html = new String(body(res), StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"messageInput\"", "id=\"sendBtn\"", "src=\"/socket.io/socket.io.min.js\"");
    }

    @Test
    void theClientBundleAsTheNodeServerServesIt() {
        FullHttpResponse js = request(HttpMethod.GET, "/socket.io/socket.io.js");
        assertThat(js.status().code()).isEqualTo(200);
        assertThat(js.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/javascript; charset=utf-8");
        assertThat(js.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("public, max-age=0");
        assertThat(js.headers().get(HttpHeaderNames.ETAG)).matches("\"4\\.8\\.\\d+\"");
        assertThat(new String(body(js), StandardCharsets.UTF_8)).contains("Socket.IO v4.8.");

        FullHttpResponse min = request(HttpMethod.GET, "/socket.io/socket.io.min.js?v=1");
        assertThat(min.status().code()).isEqualTo(200);
        assertThat(body(min).length).isGreaterThan(10_000);

        FullHttpResponse map = request(HttpMethod.GET, "/socket.io/socket.io.min.js.map");
        assertThat(map.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json; charset=utf-8");
        assertThat(new String(body(map), StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void revalidationWithTheETagAnswers304StrongOrWeak() {
        FullHttpResponse first = request(HttpMethod.GET, "/socket.io/socket.io.js");
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        first.release();
        for (String value : new String[] {etag, "W/" + etag, "\"other\", " + etag}) {
            FullHttpResponse res = request(HttpMethod.GET, "/socket.io/socket.io.js", "If-None-Match", value);
            assertThat(res.status().code()).as(value).isEqualTo(304);
            assertThat(body(res)).isEmpty();
        }
        FullHttpResponse stale = request(HttpMethod.GET, "/socket.io/socket.io.js", "If-None-Match", "\"4.0.0\"");
        assertThat(stale.status().code()).isEqualTo(200);
        stale.release();
    }

    @Test
    void gzipWhenAcceptedAndNotWhenRefused() throws IOException {
        FullHttpResponse plain = request(HttpMethod.GET, "/socket.io/socket.io.min.js");
        byte[] original = body(plain);
        FullHttpResponse gz = request(HttpMethod.GET, "/socket.io/socket.io.min.js", "Accept-Encoding", "br, gzip;q=0.8");
        assertThat(gz.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(gz.headers().get(HttpHeaderNames.VARY)).isEqualToIgnoringCase("accept-encoding");
        byte[] compressed = body(gz);
        assertThat(compressed.length).isLessThan(original.length);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
        FullHttpResponse refused = request(HttpMethod.GET, "/socket.io/socket.io.min.js", "Accept-Encoding", "gzip;q=0, deflate");
        assertThat(refused.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        refused.release();
    }

    @Test
    void headHasTheHeadersAndNoBody() {
        FullHttpResponse res = request(HttpMethod.HEAD, "/chat.js");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isGreaterThan(1000);
        assertThat(body(res)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/../pom.xml", "/%2e%2e/pom.xml", "/public/index.html", "/dev/sio4j/examples/chat/public/chat.js",
        "/logback.xml", "/chat.js/", "/socket.io/package.json", "/socket.io/socket.io.esm.min.js", "//chat.js", "/CHAT.JS"})
    void onlyTheKnownFilesExist(String uri) {
        FullHttpResponse res = request(HttpMethod.GET, uri);
        assertThat(res.status().code()).isEqualTo(404);
        res.release();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"})
    void otherMethodsAreRefused(String method) {
        FullHttpResponse res = request(HttpMethod.valueOf(method), "/");
        assertThat(res.status().code()).isEqualTo(405);
        assertThat(res.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
        res.release();
    }

    @Test
    void malformedPercentEncodingIsABadRequest() {
        FullHttpResponse res = request(HttpMethod.GET, "/%zz");
        assertThat(res.status().code()).isIn(400, 404);
        res.release();
    }

    @Test
    void connectionCloseIsHonoured() {
        FullHttpResponse res = request(HttpMethod.GET, "/", "Connection", "close");
        assertThat(res.headers().get(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
        res.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void headerParsersAreLenientOnlyWhereSafe() {
        assertThat(StaticFiles.acceptsGzip(null)).isFalse();
        assertThat(StaticFiles.acceptsGzip("identity")).isFalse();
        assertThat(StaticFiles.acceptsGzip("gzip;q=abc")).isFalse();
        assertThat(StaticFiles.acceptsGzip("*")).isTrue();
        assertThat(StaticFiles.matches(null, "\"1\"")).isFalse();
        assertThat(StaticFiles.matches("\"1", "\"1\"")).isFalse();
        assertThat(StaticFiles.matches("*", "\"1\"")).isTrue();
    }
}
