package dev.sio4j.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw Engine.IO WebSocket for wire-exact tests: records every frame as received (pings
 * included) and answers pings only when told to. Frames arrive on the HttpClient's thread and
 * are queued; tests read them with bounded waits.
 */
final class RawWs implements WebSocket.Listener, AutoCloseable {

    /** One received frame: text, or binary. */
    record Frame(String text, byte[] binary) {
        boolean isPing() {
            return "2".equals(text);
        }

        @Override
        public String toString() {
            return text != null ? text : "<binary " + java.util.Arrays.toString(binary) + ">";
        }
    }

    static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean autoPong;
    private WebSocket ws;

    private RawWs(boolean autoPong) {
        this.autoPong = autoPong;
    }

    static RawWs open(InetSocketAddress addr, String query, boolean autoPong) {
        RawWs r = new RawWs(autoPong);
        r.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + addr.getPort() + "/socket.io/?" + query), r)
                .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return r;
    }

    /** The HTTP status with which the server refused the WebSocket handshake, or -1 if accepted. */
    static int refusedStatus(InetSocketAddress addr, String query) {
        try {
            RawWs r = open(addr, query, false);
            r.close();
            return -1;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
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
            String s = text.toString();
            text.setLength(0);
            frames.add(new Frame(s, null));
            if (autoPong && s.equals("2")) {
                webSocket.sendText("3", true);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        bin.writeBytes(b);
        if (last) {
            frames.add(new Frame(null, bin.toByteArray()));
            bin.reset();
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

    RawWs send(String frame) {
        ws.sendText(frame, true).join();
        return this;
    }

    RawWs sendBinary(byte... data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next frame, pings included. */
    Frame next() {
        try {
            Frame f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + WAIT);
            }
            return f;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame that is not a ping. */
    Frame nextNonPing() {
        Frame f = next();
        while (f.isPing()) {
            f = next();
        }
        return f;
    }

    /** The text of the next non-ping frame. */
    String nextText() {
        Frame f = nextNonPing();
        if (f.text() == null) {
            throw new AssertionError("expected a text frame, got " + f);
        }
        return f.text();
    }

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
}
