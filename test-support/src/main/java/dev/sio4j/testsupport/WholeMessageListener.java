// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The part every test WebSocket client over {@code java.net.http.WebSocket} shares: it joins the
 * parts in which the JDK delivers a message (a large or fragmented frame arrives in pieces) and
 * hands each whole text or binary message to the subclass, asks for messages one at a time, and
 * records how the connection ended.
 *
 * <p>Subclasses queue what they receive and let the test read it with bounded waits ({@link #poll}).
 * The JDK calls the listener methods one at a time (the next only after {@code request(1)}), so the
 * part buffers need no lock; {@link #closed()} and {@link #socket()} may be read from any thread.
 */
public abstract class WholeMessageListener implements WebSocket.Listener, AutoCloseable {

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;

    /** A whole text message arrived; called on the HttpClient's thread, one call at a time. */
    protected abstract void onWholeText(WebSocket webSocket, String message);

    /** A whole binary message arrived; called on the HttpClient's thread, one call at a time. */
    protected abstract void onWholeBinary(WebSocket webSocket, byte[] message);

    /**
     * Opens {@code uri} with this listener, waiting at most {@code timeout} for the handshake.
     *
     * @throws java.util.concurrent.CompletionException whose cause says why the handshake failed
     *     (a {@code WebSocketHandshakeException} carries the server's HTTP answer)
     */
    protected final WebSocket open(HttpClient client, URI uri, Duration timeout) {
        socket = client.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, this)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        return socket;
    }

    /** The open WebSocket, or null before {@link #open} returned. */
    public WebSocket socket() {
        return socket;
    }

    /** Completes with the close status the server sent, or -1 when the connection failed instead. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Whether the connection ended within {@code d}. */
    public boolean awaitClosed(Duration d) {
        try {
            closed.get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Sends a Close frame (1000) unless one was sent, then drops the connection without waiting
     * for the answer. Does nothing when no handshake succeeded (nothing was opened), so that a
     * test's cleanup does not hide the handshake's failure behind a NullPointerException.
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

    /** Drops the TCP connection abruptly, with no Close frame; does nothing when none was opened. */
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

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            onWholeText(webSocket, message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binary.writeBytes(part);
        if (last) {
            byte[] message = binary.toByteArray();
            binary.reset();
            onWholeBinary(webSocket, message);
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
}
