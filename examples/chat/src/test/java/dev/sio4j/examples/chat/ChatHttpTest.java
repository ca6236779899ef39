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
    void aBodySentToTheBundleIsDroppedAndTheConnectionStaysUsable() throws Exception {
        start(List.of());
        try (Socket socket = new Socket("127.0.0.1", chat.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String body = "x".repeat(5000);
            out.write(("POST /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    + "GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 405");
            assertThat(answer).contains("\r\n\r\nMethod Not Allowed\n" + "HTTP/1.1 200 OK");
        }
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

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes(); // bounded by the socket timeout and by the server closing
    }
}
