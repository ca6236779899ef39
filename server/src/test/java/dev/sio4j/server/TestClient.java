package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Engine.IO v4 + Socket.IO v5 client over java.net.http.WebSocket for tests: answers
 * pings, records every text frame and decodes Socket.IO packets (binary attachments included)
 * with the protocol codecs. Not a product client: no reconnection, no polling.
 *
 * <p>Thread-safe enough for tests: frames arrive on the HttpClient's thread and are queued.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(5);
    /** One HTTP client for all test connections: each HttpClient owns a selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<SocketPacket> packets = new LinkedBlockingQueue<>();
    private final SocketDecoder decoder = new SocketDecoder();
    private final SocketEncoder encoder = new SocketEncoder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder textBuf = new StringBuilder();
    private final java.io.ByteArrayOutputStream binBuf = new java.io.ByteArrayOutputStream();
    private WebSocket ws;
    JsonNode open;

    static TestClient connect(InetSocketAddress addr) {
        return connect(addr, "/socket.io/", "");
    }

    static TestClient connect(InetSocketAddress addr, String path, String query) {
        TestClient c = new TestClient();
        URI uri = URI.create("ws://127.0.0.1:" + addr.getPort() + path + "?EIO=4&transport=websocket" + query);
        c.ws = HTTP.newWebSocketBuilder().buildAsync(uri, c).join();
        try {
            String first = c.frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || first.charAt(0) != '0') {
                throw new AssertionError("no open packet: " + first);
            }
            c.open = JSON.readTree(first.substring(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return c;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textBuf.append(data);
        if (last) {
            String s = textBuf.toString();
            textBuf.setLength(0);
            handleText(webSocket, s);
        }
        webSocket.request(1);
        return null;
    }

    private void handleText(WebSocket webSocket, String s) {
        if (s.equals("2")) {
            webSocket.sendText("3", true);
            return;
        }
        frames.add(s);
        if (s.charAt(0) == '4') {
            try {
                SocketPacket p = decoder.onText(s.substring(1));
                if (p != null) {
                    packets.add(p);
                }
            } catch (RuntimeException e) {
                frames.add("!decode " + e);
            }
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binBuf.writeBytes(b);
        if (last) {
            SocketPacket p = decoder.onBinary(binBuf.toByteArray());
            binBuf.reset();
            if (p != null) {
                packets.add(p);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Sends a raw Socket.IO text packet (the Engine.IO {@code 4} is added). */
    TestClient send(String sioPacket) {
        ws.sendText("4" + sioPacket, true).join();
        return this;
    }

    /** Sends an Engine.IO frame as is. */
    TestClient sendEngine(String frame) {
        ws.sendText(frame, true).join();
        return this;
    }

    TestClient sendBinary(byte[] data) {
        byte[] framed = data;
        ws.sendBinary(ByteBuffer.wrap(framed), true).join();
        return this;
    }

    /** Encodes and sends a packet with its attachments. */
    TestClient send(SocketPacket p) {
        EncodedPacket e = encoder.encode(p);
        send(e.text());
        for (byte[] a : e.attachments()) {
            sendBinary(a);
        }
        return this;
    }

    /** Joins {@code ns} with {@code auth} (JSON or null) and returns the CONNECT answer. */
    SocketPacket connectNs(String ns, String auth) {
        String prefix = ns.equals("/") ? "" : ns + ",";
        send("0" + prefix + (auth == null ? "" : auth));
        return next();
    }

    SocketPacket next() {
        try {
            SocketPacket p = packets.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (p == null) {
                throw new AssertionError("no packet within " + WAIT + "; frames: " + frames);
            }
            return p;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next EVENT packet, skipping none. */
    SocketPacket nextEvent() {
        SocketPacket p = next();
        if (p.type() != SocketPacketType.EVENT) {
            throw new AssertionError("expected an EVENT, got " + p);
        }
        return p;
    }

    /** Null when no packet arrives within {@code d}. */
    SocketPacket poll(Duration d) throws InterruptedException {
        return packets.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<String> textFrames() {
        return new ArrayList<>(frames);
    }

    /** Waits until the server closes the connection. */
    boolean awaitClosed(Duration d) {
        try {
            closed.get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
        }
        ws.abort();
    }

    /** Closes the TCP connection abruptly (the server sees "transport close"). */
    void drop() {
        ws.abort();
    }
}
