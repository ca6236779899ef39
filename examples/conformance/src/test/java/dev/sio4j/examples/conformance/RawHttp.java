// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP against a conformance profile, the way the official protocol suites use fetch():
 * bounded GET/POST/PUT, a parsed handshake, and a request that is abandoned mid-flight.
 * Thread-safe (the JDK client is).
 */
final class RawHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final InetSocketAddress address;

    RawHttp(InetSocketAddress address) {
        this.address = address;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:1234}. */
    String base() {
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** One answer: status, body text, headers. */
    record Reply(int status, String body, Map<String, List<String>> headers) {
    }

    Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    CompletableFuture<Reply> getAsync(String pathAndQuery) {
        return sendAsync(request(pathAndQuery).GET());
    }

    Reply post(String pathAndQuery, String body) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    CompletableFuture<Reply> postAsync(String pathAndQuery, String body) {
        return sendAsync(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Reply post(String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        return send(builder);
    }

    Reply put(String pathAndQuery) {
        return send(request(pathAndQuery).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** Opens a polling session on {@code path} and returns its sid. */
    String openPollingSession(String path) {
        Reply reply = get(path + "?EIO=4&transport=polling");
        if (reply.status() != 200 || !reply.body().startsWith("0")) {
            throw new AssertionError("handshake failed: " + reply);
        }
        return Json.parse(reply.body().substring(1)).path("sid").asText();
    }

    /**
     * Sends a GET on a raw TCP connection and closes that connection right away, as an aborted
     * fetch() does: the server sees the poll and then loses it.
     */
    void abandonedGet(String pathAndQuery) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + address.getHostString() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads whatever a raw request gets back until the server closes or {@code TIMEOUT}. */
    String rawExchange(String requestText) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(requestText.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP connection opened ahead of time, so that two requests can be sent microseconds apart. */
    Connection connect() {
        try {
            Socket socket = new Socket();
            socket.connect(address, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new Connection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One pre-opened HTTP/1.1 connection: write a request, later read its response. Confined to one thread. */
    final class Connection implements AutoCloseable {
        private final Socket socket;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        void write(String method, String pathAndQuery, String body) {
            write(method, pathAndQuery, body, false);
        }

        /** Writes a request; {@code close} adds {@code Connection: close} (what Node sends without an agent). */
        void write(String method, String pathAndQuery, String body, boolean close) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + address.getHostString()
                    + (close ? "\r\nConnection: close" : "")
                    + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads one response with a Content-Length body (what the engine sends to polling requests). */
        Reply read() {
            try {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        throw new IOException("connection closed after " + head);
                    }
                    head.append((char) c);
                }
                String[] lines = head.toString().split("\r\n");
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                int length = 0;
                Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    String name = lines[i].substring(0, colon).trim();
                    String value = lines[i].substring(colon + 1).trim();
                    headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
                    if (name.equalsIgnoreCase("content-length")) {
                        length = Integer.parseInt(value);
                    }
                }
                return new Reply(status, new String(in.readNBytes(length), StandardCharsets.UTF_8), headers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a test connection
            }
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(TIMEOUT);
    }

    private Reply send(HttpRequest.Builder builder) {
        return sendAsync(builder).join();
    }

    private CompletableFuture<Reply> sendAsync(HttpRequest.Builder builder) {
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers().map()));
    }
}
