// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import dev.sio4j.testsupport.WholeMessageListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A raw Engine.IO WebSocket for wire-exact tests: records every frame as received (pings
 * included) and answers pings only when told to. Frames arrive on the HttpClient's thread and
 * are queued; tests read them with bounded waits.
 */
final class RawWs extends WholeMessageListener {

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
    private final boolean autoPong;

    private RawWs(boolean autoPong) {
        this.autoPong = autoPong;
    }

    static RawWs open(InetSocketAddress addr, String query, boolean autoPong) {
        RawWs r = new RawWs(autoPong);
        r.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + addr.getPort() + "/socket.io/?" + query), WAIT);
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
    protected void onWholeText(WebSocket webSocket, String message) {
        frames.add(new Frame(message, null));
        if (autoPong && message.equals("2")) {
            webSocket.sendText("3", true);
        }
    }

    @Override
    protected void onWholeBinary(WebSocket webSocket, byte[] message) {
        frames.add(new Frame(null, message));
    }

    RawWs send(String frame) {
        socket().sendText(frame, true).join();
        return this;
    }

    RawWs sendBinary(byte... data) {
        socket().sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next frame, pings included. */
    Frame next() {
        return poll(frames, WAIT, () -> "no frame within " + WAIT);
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
}
