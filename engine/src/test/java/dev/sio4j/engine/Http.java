// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.WholeMessageListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Small HTTP and WebSocket client helpers over java.net.http, with bounded waits. For tests. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session and returns its sid. */
    static String openPolling(EchoServer s) throws Exception {
        HttpResponse<String> open = get(s.url("EIO=4&transport=polling"));
        String body = open.body();
        int i = body.indexOf("\"sid\":\"");
        if (open.statusCode() != 200 || i < 0) {
            throw new AssertionError("handshake refused: " + open.statusCode() + " " + body + " " + open.headers().map());
        }
        i += 7;
        return body.substring(i, body.indexOf('"', i));
    }

    /** A WebSocket whose events are queued: each whole text message as String, binary as byte[]. */
    static final class Ws extends WholeMessageListener {
        private static final Duration WAIT = Duration.ofSeconds(5);
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        static Ws open(String url) {
            return open(CLIENT, url);
        }

        static Ws open(HttpClient client, String url) {
            Ws ws = new Ws();
            ws.open(client, URI.create(url), WAIT);
            return ws;
        }

        static CompletableFuture<WebSocket> tryOpen(String url, Ws ws) {
            return CLIENT.newWebSocketBuilder().buildAsync(URI.create(url), ws);
        }

        @Override
        protected void onWholeText(WebSocket webSocket, String message) {
            events.add(message);
        }

        @Override
        protected void onWholeBinary(WebSocket webSocket, byte[] message) {
            events.add(message);
        }

        Object next() throws InterruptedException {
            return poll(events, WAIT, () -> "no WebSocket message within 5 s");
        }

        String nextText() throws InterruptedException {
            return (String) next();
        }

        void send(String s) {
            socket().sendText(s, true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        int awaitClose() {
            return closed().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
