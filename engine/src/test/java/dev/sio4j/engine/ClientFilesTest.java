// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The socket.io client files under the path go to the fallback (socket.io's serveClient runs
 * before engine.io): exactly those names, GET and HEAD, any query; everything else under the
 * path stays Engine.IO, however it is dressed up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientFilesTest {

    private static final RawClient HTTP = RawClient.shared();

    private static final List<String> FILES = List.of("socket.io.js", "socket.io.js.map", "socket.io.min.js",
            "socket.io.min.js.map", "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js",
            "socket.io.msgpack.min.js.map");

    /** The method and target of every request the fallback saw. */
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private EchoServer withFallback;
    private EchoServer without;

    private final HttpFallback files = (ctx, req) -> {
        String target = req.uri();
        boolean head = HttpMethod.HEAD.equals(req.method());
        seen.add(req.method() + " " + target);
        req.release();
        byte[] text = ("file " + target).getBytes(StandardCharsets.UTF_8);
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text);
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, text.length).set(HttpHeaderNames.CONTENT_TYPE, "application/javascript");
        ctx.writeAndFlush(res);
    };

    @BeforeAll
    void start() {
        withFallback = new EchoServer(b -> b.path("/socket.io/").httpFallback(files));
        without = new EchoServer(b -> b.path("/socket.io/"));
    }

    @AfterAll
    void stop() {
        withFallback.close();
        without.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    private static String base(EchoServer s) {
        return "http://127.0.0.1:" + s.address.getPort();
    }

    private static void assertTransportUnknown(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"code\":0,\"message\":\"Transport unknown\",\"id\":\"");
    }

    @Test
    void everyClientFileGoesToTheFallback() throws Exception {
        for (String name : FILES) {
            HttpResponse<String> r = HTTP.get(base(withFallback) + "/socket.io/" + name);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).isEqualTo("file /socket.io/" + name);
        }
        assertThat(seen).hasSize(FILES.size());
    }

    @Test
    void anyQueryIsKept() throws Exception {
        // Even one that looks like a handshake: socket.io answers the file first.
        String target = "/socket.io/socket.io.min.js?v=4.8.1&EIO=4&transport=polling";
        assertThat(HTTP.get(base(withFallback) + target).body()).isEqualTo("file " + target);
        try (RawConnection raw = RawConnection.open(withFallback.address)) {
            raw.write("GET /socket.io/socket.io.js? HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("file /socket.io/socket.io.js?");
        }
        assertThat(withFallback.server.clientsCount()).isZero();
    }

    @Test
    void headGoesToTheFallbackWithoutABody() throws Exception {
        HttpResponse<String> r = HTTP.send(HTTP.request(base(withFallback) + "/socket.io/socket.io.js")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf("file /socket.io/socket.io.js".length()));
        assertThat(seen).containsExactly("HEAD /socket.io/socket.io.js");
    }

    @Test
    void otherNamesUnderThePathStayEngineIo() throws Exception {
        for (String name : List.of("unknown.js", "socket.io.msgpack.js", "socket.io.esm.js", "SOCKET.IO.JS", "socket.io.jsx",
                "socket.io.js/", "socket.io.js;x", "socket.io.js.map.map", "x/socket.io.js", "")) {
            assertTransportUnknown(HTTP.get(base(withFallback) + "/socket.io/" + name));
        }
        assertThat(seen).isEmpty();
        assertThat(HTTP.get(base(withFallback) + "/socket.io/?EIO=4&transport=polling").body()).startsWith("0{\"sid\":");
    }

    @Test
    void dotSegmentsAndEncodingsDoNotReachTheFallbackThroughThePath() throws Exception {
        for (String target : List.of("/socket.io/../socket.io/socket.io.js", "/socket.io/./socket.io.js",
                "/socket.io//socket.io.js", "/socket.io/socket%2Eio.js", "/socket.io/%73ocket.io.js",
                "/socket.io/..%2Fsocket.io.js", "/socket.io/%2e%2e/index.html", "/socket.io/socket.io.js%3Fx",
                "/socket.io/socket.io.js%00", "/socket.io/..%5csocket.io.js")) {
            try (RawConnection raw = RawConnection.open(withFallback.address)) {
                raw.write("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(raw.readResponse()).as(target).startsWith("HTTP/1.1 400").contains("\"message\":\"Transport unknown\",\"id\":\"");
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void otherMethodsStayEngineIoAndTheConnectionStaysUsable() throws Exception {
        try (RawConnection raw = RawConnection.open(withFallback.address)) {
            String body = "x".repeat(500);
            raw.write("POST /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("\"message\":\"Transport unknown\",\"id\":\"");
            raw.write("GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("file /socket.io/socket.io.js");
        }
        assertTransportUnknown(HTTP.send("PUT", base(withFallback) + "/socket.io/socket.io.min.js", "x"));
        assertThat(seen).containsExactly("GET /socket.io/socket.io.js");
    }

    @Test
    void withoutAFallbackTheClientFilesAreEngineIoRequests() throws Exception {
        // As socket.io with serveClient(false): engine.io answers them.
        assertTransportUnknown(HTTP.get(base(without) + "/socket.io/socket.io.js"));
        assertThat(HTTP.get(base(without) + "/socket.io.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theNamesAreOnlyRecognisedDirectlyUnderThePath() throws Exception {
        HttpResponse<String> outside = HTTP.get(base(withFallback) + "/other/socket.io.js");
        assertThat(outside.body()).as("outside the path: the fallback's anyway").isEqualTo("file /other/socket.io.js");
        assertTransportUnknown(HTTP.get(base(withFallback) + "/socket.io/socket.io/socket.io.js"));
        assertThat(seen).containsExactly("GET /other/socket.io.js");
    }
}
