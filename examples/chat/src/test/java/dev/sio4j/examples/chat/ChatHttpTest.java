// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's HTTP surface on a real port: the page and the bundle beside the Socket.IO endpoint,
 * which browser origins may open a session, and odd requests to the bundle's paths.
 */
class ChatHttpTest {

    // HTTP/1.1: the default first request asks for an h2c upgrade, which the engine takes for a WebSocket one
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
        try (Socket socket = new Socket("127.0.0.1", chat.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String body = "x".repeat(5000);
            // Only GET and HEAD of the client files go to the page server, as socket.io's serveClient.
            out.write(("POST /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("{\"code\":0,\"message\":\"Transport unknown\",\"id\":\"");
            out.write("GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(readAll(in), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("application/javascript");
        }
    }

    @Test
    void theBundleAnswersHeadAndQueriesAndOnlyItsOwnNames() throws Exception {
        start(List.of());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.port() + "/socket.io/socket.io.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
        try (Socket socket = new Socket("127.0.0.1", chat.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("\u0000\u0001 NOT HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            readAll(socket.getInputStream());
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    /** One response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes(); // bounded by the socket timeout and by the server closing
    }
}
