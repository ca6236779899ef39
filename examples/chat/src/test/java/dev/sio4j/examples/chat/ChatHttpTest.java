// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's HTTP surface on a real port: the page and the bundle beside the Socket.IO endpoint,
 * which browser origins may open a session, and odd requests to the bundle's paths.
 */
class ChatHttpTest {

    private final RawClient http = RawClient.shared();
    private ChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    private ChatServer start(List<String> origins) {
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).corsOrigins(origins).build());
        return chat;
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = http.request("http://127.0.0.1:" + chat.port() + path).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b);
    }

    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

    @Test
    void pageBundleAndEndpointShareThePort() throws Exception {
        start(List.of());
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/socket.io/socket.io.min.js").statusCode()).isEqualTo(200);
        HttpResponse<String> open = get(HANDSHAKE);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":");
        assertThat(get("/socket.io/unknown.js").statusCode()).as("the engine answers other paths under its own").isEqualTo(400);
    }

    @Test
    void byDefaultOnlyTheChatsOwnOriginMayConnect() throws Exception {
        start(List.of());
        String own = "http://127.0.0.1:" + chat.port();
        assertThat(get(HANDSHAKE, "Origin", own).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = get(HANDSHAKE, "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"code\":4");
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(get(HANDSHAKE, "Origin", "null").statusCode()).isEqualTo(403);
    }

    @Test
    void listedOriginsGetCorsHeaders() throws Exception {
        start(List.of("http://localhost:8080"));
        HttpResponse<String> listed = get(HANDSHAKE, "Origin", "http://localhost:8080");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:8080");
        assertThat(get(HANDSHAKE, "Origin", "http://127.0.0.1:" + chat.port()).statusCode()).as("own page").isEqualTo(200);
        assertThat(get(HANDSHAKE, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void starOpensEveryOrigin() throws Exception {
        start(List.of("*"));
        HttpResponse<String> any = get(HANDSHAKE, "Origin", "http://anything.example");
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(any.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void aPostToTheBundleIsTheEnginesAndTheConnectionStaysUsable() throws Exception {
        start(List.of());
        try (RawConnection raw = connect()) {
            String body = "x".repeat(5000);
            // Only GET and HEAD of the client files go to the page server, as socket.io's serveClient.
            raw.write("POST /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("{\"code\":0,\"message\":\"Transport unknown\",\"id\":\"");
            raw.write("GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String answer = raw.readToEnd(); // bounded by the socket timeout and by the server closing
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("application/javascript");
        }
    }

    @Test
    void theBundleAnswersHeadAndQueriesAndOnlyItsOwnNames() throws Exception {
        start(List.of());
        HttpResponse<String> head = http.send(http.request("http://127.0.0.1:" + chat.port() + "/socket.io/socket.io.js")
                .timeout(Duration.ofSeconds(10)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("etag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"4\\.8\\.[0-9]+\""));
        assertThat(get("/socket.io/socket.io.min.js?v=4.8").statusCode()).isEqualTo(200);
        assertThat(get("/socket.io/socket.io.js.map").headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(get("/socket.io/socket.io.esm.min.js").statusCode()).as("a client file the chat does not pack").isEqualTo(404);
        assertThat(get("/socket.io/../index.html").statusCode()).isEqualTo(400);
        assertThat(get("/socket.io/socket%2Eio.js").statusCode()).isEqualTo(400);
        assertThat(get("/socket.io/%2e%2e/index.html").statusCode()).isEqualTo(400);
    }

    @Test
    void garbageOnTheWireClosesOnlyThatConnection() throws Exception {
        start(List.of());
        try (RawConnection raw = connect()) {
            raw.write("\u0000\u0001 NOT HTTP\r\n\r\n");
            raw.readToEnd(); // bounded by the socket timeout and by the server closing
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    /** A raw connection to the chat, reads bounded by 10 s. */
    private RawConnection connect() throws IOException {
        RawConnection raw = RawConnection.open(new InetSocketAddress("127.0.0.1", chat.port()));
        raw.socket().setSoTimeout(10_000);
        return raw;
    }
}
