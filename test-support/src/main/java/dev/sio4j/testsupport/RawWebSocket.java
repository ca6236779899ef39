// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The WebSocket side of the one raw test client ({@link RawClient}): a {@code java.net.http}
 * WebSocket that speaks Engine.IO by hand. Every whole message the server sends (the JDK's parts
 * joined) and the close are queued in arrival order and read one at a time with bounded waits
 * ({@link #WAIT}); pings are answered only when asked for ({@link Builder#answerPings()}). With
 * {@link Builder#socketIo()} it is also a minimal Socket.IO v5 client: the OPEN packet is read at
 * once ({@link #openPacket()}), pings are answered, and Engine.IO messages are decoded into
 * {@link SocketPacket}s (binary attachments joined) with the protocol's codecs. No reconnection,
 * no polling: a product client is {@code dev.sio4j.client}.
 *
 * <pre>{@code
 * try (RawWebSocket ws = RawWebSocket.open("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket")) {
 *     assertThat(ws.nextText()).startsWith("0{");
 *     ws.send("2probe");
 * }
 * try (RawWebSocket c = RawWebSocket.socketIo(address)) {
 *     assertThat(c.connectNs("/", null).type()).isEqualTo(SocketPacketType.CONNECT);
 *     c.sendPacket("2[\"hi\"]");
 * }
 * }</pre>
 *
 * <p>Thread-safe: frames arrive on the HttpClient's thread and are queued; sends (the test's and
 * the automatic pongs) take turns, as the JDK WebSocket allows one pending send at a time.
 */
public final class RawWebSocket implements WebSocket.Listener, AutoCloseable {

    /** How long every wait without a timeout argument lasts at most. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One thing that happened on the socket, in arrival order. */
    public sealed interface Frame permits Text, Binary, Closed {
        /** The text of a {@link Text}, else null. */
        default String text() {
            return null;
        }

        /** The bytes of a {@link Binary}, else null. */
        default byte[] bytes() {
            return null;
        }

        /** Whether this is an Engine.IO ping ({@code "2"}). */
        default boolean isPing() {
            return "2".equals(text());
        }
    }

    /** A whole text message. */
    public record Text(String text) implements Frame {
    }

    /** A whole binary message. */
    public record Binary(byte[] bytes) implements Frame {
        @Override
        public String toString() {
            return "Binary" + Arrays.toString(bytes);
        }
    }

    /** The end: the server's Close status and reason, or -1 (a failed connection, or a refused handshake). */
    public record Closed(int code, String reason) implements Frame {
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<String> textHistory = new CopyOnWriteArrayList<>();
    private final BlockingQueue<SocketPacket> packets = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean answerPings;
    private final SocketDecoder decoder;
    private final SocketEncoder encoder;
    private final StringBuilder textParts = new StringBuilder();
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private final CompletableFuture<JsonNode> openPacket = new CompletableFuture<>();

    RawWebSocket(boolean answerPings, boolean socketIo) {
        this.answerPings = answerPings || socketIo;
        this.decoder = socketIo ? new SocketDecoder() : null;
        this.encoder = socketIo ? new SocketEncoder() : null;
    }

    /** Options for a connection to {@code url} ({@code ws://} or {@code wss://}). */
    public static Builder to(String url) {
        return new Builder(URI.create(url));
    }

    /**
     * Opens {@code url} with the shared client, waiting at most {@link #WAIT} for the handshake.
     *
     * @throws CompletionException whose cause says why the handshake failed (a
     *     {@link WebSocketHandshakeException} carries the server's HTTP answer)
     */
    public static RawWebSocket open(String url) {
        return to(url).open();
    }

    /** As {@link #open(String)} through {@code client} (a TLS one, say). */
    public static RawWebSocket open(HttpClient client, String url) {
        return to(url).client(client).open();
    }

    /** A Socket.IO session over a WebSocket to {@code /socket.io/} of {@code address}; its OPEN packet read. */
    public static RawWebSocket socketIo(InetSocketAddress address) {
        return socketIo(address, "/socket.io/", "");
    }

    /** As {@link #socketIo(InetSocketAddress)} on {@code path}, with {@code query} ({@code &k=v...}) after the Engine.IO parameters. */
    public static RawWebSocket socketIo(InetSocketAddress address, String path, String query) {
        return to("ws://127.0.0.1:" + address.getPort() + path + "?EIO=4&transport=websocket" + query).socketIo().open();
    }

    /** The HTTP status with which the server refused the handshake to {@code url}, or -1 if it accepted it. */
    public static int refusedStatus(String url) {
        try {
            open(url).close();
            return -1;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The open WebSocket, or null when the handshake did not succeed. */
    public WebSocket socket() {
        return socket;
    }

    /** Whether the handshake succeeded and the server has not closed. */
    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isInputClosed();
    }

    /** The Socket.IO mode's OPEN packet (sid, pingInterval, ...); null in the raw mode. */
    public JsonNode openPacket() {
        return openPacket.isCompletedExceptionally() ? null : openPacket.getNow(null);
    }

    // ---- sending ----

    /** Sends one text frame as is (an Engine.IO packet: {@code "2probe"}, {@code "5"}, {@code "40"}). */
    public RawWebSocket send(String frame) {
        enqueue(ws -> ws.sendText(frame, true)).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    /** Sends one binary frame. */
    public RawWebSocket sendBinary(byte... data) {
        enqueue(ws -> ws.sendBinary(ByteBuffer.wrap(data), true)).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    /** Sends a Socket.IO packet written by hand: the Engine.IO MESSAGE type {@code 4} is put in front. */
    public RawWebSocket sendPacket(String socketIoPacket) {
        return send("4" + socketIoPacket);
    }

    /** Encodes {@code packet} (Socket.IO mode) and sends it with its binary attachments. */
    public RawWebSocket sendPacket(SocketPacket packet) {
        EncodedPacket e = requireSocketIo().encode(packet);
        sendPacket(e.text());
        for (byte[] a : e.attachments()) {
            sendBinary(a);
        }
        return this;
    }

    // The JDK WebSocket refuses a send while another is pending: pongs and test sends take turns.
    private synchronized CompletableFuture<WebSocket> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
        CompletableFuture<WebSocket> next = lastSend.handle((ws, e) -> null).thenCompose(ignored -> send.apply(socket));
        lastSend = next;
        return next;
    }

    // ---- receiving: frames ----

    /** The next frame (pings and the close included); an AssertionError after {@link #WAIT}. */
    public Frame nextFrame() {
        return nextFrame(WAIT);
    }

    /** The next frame, waiting at most {@code wait}. */
    public Frame nextFrame(Duration wait) {
        return poll(frames, wait, () -> "no frame within " + wait + "; received so far: " + textHistory);
    }

    /** The next frame, which must be text (a ping is text too). */
    public String nextText() {
        Frame frame = nextFrame();
        if (frame instanceof Text text) {
            return text.text();
        }
        throw new AssertionError("expected a text frame, got " + frame);
    }

    /** The next frame that is not an Engine.IO ping. */
    public Frame nextNonPing() {
        Frame frame = nextFrame();
        while (frame.isPing()) {
            frame = nextFrame();
        }
        return frame;
    }

    /** The next frame that is not an Engine.IO ping, which must be text. */
    public String nextTextSkippingPings() {
        Frame frame = nextNonPing();
        if (frame instanceof Text text) {
            return text.text();
        }
        throw new AssertionError("expected a text frame, got " + frame);
    }

    /** The text and binary frames received and not read yet (the close left out). */
    public List<Frame> pendingMessages() {
        return frames.stream().filter(f -> !(f instanceof Closed)).toList();
    }

    /** Every text frame received so far, read or not, pings and (Socket.IO mode) the OPEN packet left out. */
    public List<String> textFrames() {
        return new ArrayList<>(textHistory);
    }

    // ---- receiving: the close ----

    /** Completes with the close status the server sent, or -1 when the connection failed instead. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Whether the connection ended within {@code wait}. */
    public boolean awaitClosed(Duration wait) {
        try {
            closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The close status (1005 for a Close frame without one; -1 for a failed connection), within {@link #WAIT}. */
    public int awaitCloseCode() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Reads frames until the close, within {@code wait}, skipping the others. */
    public Closed awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the server did not close within " + wait);
            }
            if (nextFrame(Duration.ofNanos(left)) instanceof Closed c) {
                return c;
            }
        }
    }

    // ---- receiving: Socket.IO packets ----

    /** The next decoded Socket.IO packet (Socket.IO mode); an AssertionError after {@link #WAIT}. */
    public SocketPacket nextPacket() {
        requireSocketIo();
        return poll(packets, WAIT, () -> "no packet within " + WAIT + "; frames: " + textHistory);
    }

    /** The next packet, which must be an EVENT. */
    public SocketPacket nextEvent() {
        SocketPacket p = nextPacket();
        if (p.type() != SocketPacketType.EVENT) {
            throw new AssertionError("expected an EVENT, got " + p);
        }
        return p;
    }

    /** The next packet, or null when none arrives within {@code wait}. */
    public SocketPacket pollPacket(Duration wait) throws InterruptedException {
        requireSocketIo();
        return packets.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Joins {@code namespace} with {@code auth} (JSON text, or null) and returns the server's answer (CONNECT or CONNECT_ERROR). */
    public SocketPacket connectNs(String namespace, String auth) {
        String prefix = namespace.equals("/") ? "" : namespace + ",";
        sendPacket("0" + prefix + (auth == null ? "" : auth));
        return nextPacket();
    }

    private SocketEncoder requireSocketIo() {
        if (encoder == null) {
            throw new IllegalStateException("not opened in the Socket.IO mode (RawWebSocket.Builder.socketIo())");
        }
        return encoder;
    }

    // ---- ending ----

    /**
     * Sends a Close frame (1000) unless one was sent, then drops the connection without waiting
     * for the answer. Does nothing when no handshake succeeded, so that a test's cleanup does not
     * hide the handshake's failure.
     */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
        }
        ws.abort();
    }

    /** Drops the TCP connection abruptly, with no Close frame (the server sees "transport close"). */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /**
     * The head of {@code queue}, waiting at most {@code wait}.
     *
     * @throws AssertionError with {@code failure}'s message when nothing arrived in time
     */
    public static <T> T poll(BlockingQueue<T> queue, Duration wait, Supplier<String> failure) {
        try {
            T head = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (head == null) {
                throw new AssertionError(failure.get());
            }
            return head;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    // ---- WebSocket.Listener: the JDK calls these one at a time, so the part buffers need no lock ----

    @Override
    public void onOpen(WebSocket webSocket) {
        // Before the handshake's future completes: a ping may come (and need its pong) at once.
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textParts.append(data);
        if (last) {
            String message = textParts.toString();
            textParts.setLength(0);
            onWholeText(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binaryParts.writeBytes(part);
        if (last) {
            byte[] message = binaryParts.toByteArray();
            binaryParts.reset();
            frames.add(new Binary(message));
            if (decoder != null) {
                decode(() -> decoder.onBinary(message));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        frames.add(new Closed(statusCode, reason));
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        frames.add(new Closed(-1, String.valueOf(error)));
        closed.complete(-1);
    }

    private void onWholeText(String message) {
        boolean ping = message.equals("2");
        if (ping && answerPings) {
            enqueue(ws -> ws.sendText("3", true));
        }
        if (decoder != null && !openPacket.isDone()) {
            // The first message of a Socket.IO session is the Engine.IO OPEN packet.
            try {
                if (!message.startsWith("0")) {
                    throw new IOException("no open packet: " + message);
                }
                openPacket.complete(JSON.readTree(message.substring(1)));
            } catch (IOException e) {
                openPacket.completeExceptionally(e);
            }
            return;
        }
        frames.add(new Text(message));
        if (!ping) {
            textHistory.add(message);
        }
        if (decoder != null && message.startsWith("4")) {
            decode(() -> decoder.onText(message.substring(1)));
        }
    }

    private void decode(Supplier<SocketPacket> step) {
        try {
            SocketPacket p = step.get();
            if (p != null) {
                packets.add(p);
            }
        } catch (RuntimeException e) {
            // Kept with the frames, so that a failed wait for a packet shows why none came.
            textHistory.add("!decode " + e);
        }
    }

    /** Options of one connection. Confined to the thread that builds it. */
    public static final class Builder {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpClient client;
        private boolean answerPings;
        private boolean socketIo;
        private boolean refusalAsClose;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** The HTTP client to connect with (a TLS one, say); the default is {@link RawClient#shared()}'s. */
        public Builder client(HttpClient value) {
            this.client = Objects.requireNonNull(value, "client");
            return this;
        }

        /** A header of the upgrade request ({@code Origin}, {@code Cookie}, ...). */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Answers every Engine.IO ping ("2") with a pong at once (the ping is still queued), so
         * that a slow machine cannot turn a test into a heartbeat timeout.
         */
        public Builder answerPings() {
            return answerPings(true);
        }

        /** As {@link #answerPings()} when {@code value}. */
        public Builder answerPings(boolean value) {
            this.answerPings = value;
            return this;
        }

        /** A Socket.IO session: the OPEN packet is read at {@link #open()}, pings answered, packets decoded. */
        public Builder socketIo() {
            this.socketIo = true;
            return this;
        }

        /**
         * A refused handshake does not throw: it is queued as a {@link Closed} with code -1, as a
         * browser's WebSocket reports it.
         */
        public Builder refusalAsClose() {
            this.refusalAsClose = true;
            return this;
        }

        /**
         * Opens the connection, waiting at most {@link #WAIT} for the handshake (and, in the
         * Socket.IO mode, for the OPEN packet).
         *
         * @throws CompletionException whose cause says why the handshake failed
         */
        public RawWebSocket open() {
            RawWebSocket ws = new RawWebSocket(answerPings, socketIo);
            WebSocket.Builder b = (client != null ? client : RawClient.shared().httpClient()).newWebSocketBuilder()
                    .connectTimeout(WAIT);
            headers.forEach(b::header);
            try {
                ws.socket = b.buildAsync(uri, ws).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            } catch (CompletionException e) {
                if (!refusalAsClose) {
                    throw e;
                }
                ws.frames.add(new Closed(-1, String.valueOf(e.getCause() != null ? e.getCause() : e)));
                ws.closed.complete(-1);
                return ws;
            }
            if (socketIo) {
                Throwable failure = null;
                try {
                    // Ends early when the server closes first.
                    CompletableFuture.anyOf(ws.openPacket, ws.closed).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    failure = e;
                }
                if (ws.openPacket() == null) {
                    ws.abort();
                    throw new AssertionError("no open packet within " + WAIT + "; frames: " + ws.frames, failure);
                }
            }
            return ws;
        }
    }

    /** {@code bytes} as UTF-8 text. */
    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
