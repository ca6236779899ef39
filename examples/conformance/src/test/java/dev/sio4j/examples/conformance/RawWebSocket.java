// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import dev.sio4j.testsupport.WholeMessageListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A WebSocket whose frames are read one at a time, like the official suites' waitFor(): every
 * text frame, binary frame and the close (or a refused handshake) is queued in arrival order.
 * Thread-safe; close it at the end of the test.
 */
final class RawWebSocket extends WholeMessageListener {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** One thing that happened on the socket. */
    sealed interface Frame permits Text, Binary, Closed {
    }

    record Text(String text) implements Frame {
    }

    record Binary(byte[] bytes) implements Frame {
    }

    record Closed(int code, String reason) implements Frame {
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final boolean autoPong;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private RawWebSocket(InetSocketAddress address, String pathAndQuery, boolean autoPong) {
        this.autoPong = autoPong;
        URI uri = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + pathAndQuery);
        try {
            open(HttpClient.newHttpClient(), uri, WAIT);
        } catch (RuntimeException e) {
            // A refused upgrade is a close for the tests, as for a browser's WebSocket.
            frames.add(new Closed(-1, String.valueOf(e.getCause() != null ? e.getCause() : e)));
        }
    }

    static RawWebSocket open(InetSocketAddress address, String pathAndQuery) {
        return new RawWebSocket(address, pathAndQuery, false);
    }

    /**
     * Like {@link #open} but answers every Engine.IO ping ("2") with a pong at once (the ping is
     * still queued), so that a slow machine cannot turn a test into a heartbeat timeout.
     */
    static RawWebSocket openWithPongs(InetSocketAddress address, String pathAndQuery) {
        return new RawWebSocket(address, pathAndQuery, true);
    }

    /** Whether the handshake succeeded. */
    boolean isOpen() {
        WebSocket socket = socket();
        return socket != null && !socket.isInputClosed();
    }

    void send(String text) {
        enqueue(ws -> ws.sendText(text, true)).join();
    }

    void send(byte[] bytes) {
        enqueue(ws -> ws.sendBinary(ByteBuffer.wrap(bytes), true)).join();
    }

    // The JDK WebSocket refuses a send while another is pending; pongs and test sends take turns.
    private synchronized CompletableFuture<WebSocket> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
        CompletableFuture<WebSocket> next = lastSend.handle((ws, e) -> null).thenCompose(ignored -> send.apply(socket()));
        lastSend = next;
        return next;
    }

    /** The next frame, or an AssertionError after {@code WAIT}. */
    Frame next() {
        return next(WAIT);
    }

    Frame next(Duration wait) {
        return poll(frames, wait, () -> "no frame within " + wait);
    }

    /** The next frame, which must be text. */
    String nextText() {
        Frame frame = next();
        if (frame instanceof Text text) {
            return text.text();
        }
        throw new AssertionError("expected a text frame, got " + describe(frame));
    }

    /** The next frame that is not an Engine.IO ping ("2"), which must be text. */
    String nextTextSkippingPings() {
        while (true) {
            String text = nextText();
            if (!text.equals("2")) {
                return text;
            }
        }
    }

    /** The next frame that is not a ping, as text or as binary. */
    Frame nextSkippingPings() {
        while (true) {
            Frame frame = next();
            if (!(frame instanceof Text text && text.text().equals("2"))) {
                return frame;
            }
        }
    }

    /** Waits for the close, skipping other frames. */
    Closed awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the server did not close within " + wait);
            }
            if (next(Duration.ofNanos(left)) instanceof Closed closed) {
                return closed;
            }
        }
    }

    static String describe(Frame frame) {
        return frame instanceof Binary b ? "Binary" + java.util.Arrays.toString(b.bytes()) : String.valueOf(frame);
    }

    /** Drops the connection without a Close frame, as the tests always did (the base class would send one first). */
    @Override
    public void close() {
        if (socket() != null) {
            abort();
        }
    }

    @Override
    protected void onWholeText(WebSocket webSocket, String message) {
        if (autoPong && message.equals("2")) {
            enqueue(ws -> ws.sendText("3", true));
        }
        frames.add(new Text(message));
    }

    @Override
    protected void onWholeBinary(WebSocket webSocket, byte[] message) {
        frames.add(new Binary(message));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        frames.add(new Closed(statusCode, reason));
        return super.onClose(webSocket, statusCode, reason);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        frames.add(new Closed(-1, String.valueOf(error)));
        super.onError(webSocket, error);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
