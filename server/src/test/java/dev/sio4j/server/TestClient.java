// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.testsupport.WholeMessageListener;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Engine.IO v4 + Socket.IO v5 client over java.net.http.WebSocket for tests: answers
 * pings, records every text frame and decodes Socket.IO packets (binary attachments included)
 * with the protocol codecs. Not a product client: no reconnection, no polling.
 *
 * <p>Thread-safe enough for tests: frames arrive on the HttpClient's thread and are queued.
 */
final class TestClient extends WholeMessageListener {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(5);
    /** One HTTP client for all test connections: each HttpClient owns a selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<SocketPacket> packets = new LinkedBlockingQueue<>();
    private final SocketDecoder decoder = new SocketDecoder();
    private final SocketEncoder encoder = new SocketEncoder();
    JsonNode open;

    static TestClient connect(InetSocketAddress addr) {
        return connect(addr, "/socket.io/", "");
    }

    static TestClient connect(InetSocketAddress addr, String path, String query) {
        TestClient c = new TestClient();
        URI uri = URI.create("ws://127.0.0.1:" + addr.getPort() + path + "?EIO=4&transport=websocket" + query);
        c.open(HTTP, uri, WAIT);
        try {
            String first = poll(c.frames, WAIT, () -> "no open packet within " + WAIT);
            if (first.charAt(0) != '0') {
                throw new AssertionError("no open packet: " + first);
            }
            c.open = JSON.readTree(first.substring(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return c;
    }

    @Override
    protected void onWholeText(WebSocket webSocket, String s) {
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
    protected void onWholeBinary(WebSocket webSocket, byte[] message) {
        SocketPacket p = decoder.onBinary(message);
        if (p != null) {
            packets.add(p);
        }
    }

    /** Sends a raw Socket.IO text packet (the Engine.IO {@code 4} is added). */
    TestClient send(String sioPacket) {
        socket().sendText("4" + sioPacket, true).join();
        return this;
    }

    /** Sends an Engine.IO frame as is. */
    TestClient sendEngine(String frame) {
        socket().sendText(frame, true).join();
        return this;
    }

    TestClient sendBinary(byte[] data) {
        byte[] framed = data;
        socket().sendBinary(ByteBuffer.wrap(framed), true).join();
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
        return poll(packets, WAIT, () -> "no packet within " + WAIT + "; frames: " + frames);
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

    /** Closes the TCP connection abruptly (the server sees "transport close"). */
    void drop() {
        abort();
    }
}
