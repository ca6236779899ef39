// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one raw Engine.IO/Socket.IO test client: what a test needs to speak the protocol by hand,
 * below any product client. Its three parts:
 * <ul>
 *   <li>this class: HTTP over {@code java.net.http} (HTTP/1.1): polling GET and POST with a
 *       sid, any method and header, the handshake ({@link #openPolling});</li>
 *   <li>{@link RawWebSocket}: a WebSocket whose frames are read one at a time, raw Engine.IO or
 *       decoded Socket.IO packets ({@link #webSocket});</li>
 *   <li>{@link RawConnection}: a plain TCP connection for bytes no HTTP client would send
 *       (malformed requests, hand-made frames from {@link WebSocketFrames}, requests cut short)
 *       ({@link #tcp}).</li>
 * </ul>
 * Every request and wait is bounded by {@link #WAIT}. A URL starting with {@code /} is taken
 * relative to the client's base ({@link #at}).
 *
 * <pre>{@code
 * RawClient http = RawClient.at(server.address());
 * String sid = http.openPolling("/engine.io/?EIO=4&transport=polling");
 * http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hello");
 * assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("4hello");
 * }</pre>
 *
 * <p>Thread-safe (the JDK client is); share one: each {@code HttpClient} owns a selector thread.
 */
public final class RawClient {

    /** How long a connection, a request or a wait lasts at most. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private static final RawClient SHARED = new RawClient(newHttpClient(), null);

    private final HttpClient client;
    private final String base;

    private RawClient(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** The client of the whole test JVM: HTTP/1.1, no base. */
    public static RawClient shared() {
        return SHARED;
    }

    /** A client over {@code client} (one with a TLS context, say), no base. */
    public static RawClient over(HttpClient client) {
        return new RawClient(Objects.requireNonNull(client, "client"), null);
    }

    /** The shared HTTP client with the base {@code http://<host>:<port>}. */
    public static RawClient at(InetSocketAddress address) {
        return new RawClient(SHARED.client, "http://" + address.getHostString() + ":" + address.getPort());
    }

    /**
     * A new HTTP/1.1 client with a 5 s connect timeout. HTTP/1.1, since the JDK's first request
     * would otherwise ask for an h2c upgrade, which the engine takes for a WebSocket one.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    /** The JDK client underneath. */
    public HttpClient httpClient() {
        return client;
    }

    /** The base URL ({@code http://127.0.0.1:1234}), or null. */
    public String base() {
        return base;
    }

    /** A request builder for {@code url} with the {@link #WAIT} timeout, for any method or header. */
    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(resolve(url))).timeout(WAIT);
    }

    /** GET {@code url}, with header {@code name, value} pairs. */
    public HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        return send(withHeaders(request(url), headers).GET());
    }

    /** GET {@code url} without waiting for the answer (a long poll). */
    public CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return sendAsync(request(url).GET());
    }

    /** POST {@code body} (UTF-8) to {@code url}, with header {@code name, value} pairs. */
    public HttpResponse<String> post(String url, String body, String... headers) throws IOException, InterruptedException {
        return send(withHeaders(request(url), headers).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** POST without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return sendAsync(request(url).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Any method, with {@code body} (UTF-8). */
    public HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        return send(request(url).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /**
     * Sends {@code request} (from {@link #request}) and waits for the answer, its body as UTF-8
     * text; fails as {@link HttpClient#send} does (an {@code HttpTimeoutException} after {@link #WAIT}).
     */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** As {@link #send(HttpRequest.Builder)} without waiting. */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Opens a polling session with the handshake GET {@code url} ({@code ...?EIO=4&transport=polling})
     * and returns its sid.
     *
     * @throws AssertionError with the answer when the server refused
     */
    public String openPolling(String url) throws IOException, InterruptedException {
        HttpResponse<String> open = get(url);
        String body = open.body();
        int i = body.indexOf("\"sid\":\"");
        if (open.statusCode() != 200 || !body.startsWith("0") || i < 0) {
            throw new AssertionError("handshake refused: " + open.statusCode() + " " + body + " " + open.headers().map());
        }
        i += 7;
        return body.substring(i, body.indexOf('"', i));
    }

    /** A WebSocket to {@code url} through this client ({@code ws://}; or {@code /...} for the base's host). */
    public RawWebSocket.Builder webSocket(String url) {
        String resolved = resolve(url);
        return RawWebSocket.to(resolved.startsWith("http") ? "ws" + resolved.substring(4) : resolved).client(client);
    }

    /** A raw TCP connection to {@code address}. */
    public static RawConnection tcp(InetSocketAddress address) throws IOException {
        return RawConnection.open(address);
    }

    private String resolve(String url) {
        if (url.startsWith("/")) {
            if (base == null) {
                throw new IllegalArgumentException("a relative URL needs a client with a base (RawClient.at): " + url);
            }
            return base + url;
        }
        return url;
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String[] headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name, value pairs");
        }
        // HttpRequest.Builder.headers() refuses an empty array.
        return headers.length == 0 ? request : request.headers(headers);
    }
}
