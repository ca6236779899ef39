// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.WebSocketFrames;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP client for malformed HTTP and hand-made WebSocket frames. Reads time out after 5 s.
 * For tests.
 */
final class Raw implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    /** The 101 head of {@link #webSocket}, for header checks. */
    String lastHead;

    Raw(EchoServer s) throws IOException {
        this(new Socket("127.0.0.1", s.address.getPort()));
    }

    /** Over an already connected socket (a TLS one, say). */
    Raw(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Raw write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    Raw write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the status line and headers of one response. */
    String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed after: " + b);
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one whole response: head plus a Content-Length body. */
    String readResponse() throws IOException {
        String head = readHead();
        int len = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = new DataInputStream(in).readNBytes(len);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /** Everything the server sends until it closes the connection (fails after 5 s without a close). */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** True when the server closed the connection (EOF or reset) before 5 s. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever was sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Opens a WebSocket on {@code query} and returns after the 101 head. */
    static Raw webSocket(EchoServer s, String query) throws IOException {
        return webSocket(s, query, "");
    }

    /** A valid upgrade request for {@code query} with extra header lines (each ending in CRLF). */
    static String upgradeRequest(String query, String extraHeaders) {
        return "GET /engine.io/?" + query + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** As {@link #webSocket(EchoServer, String)} with extra request header lines (each ending in CRLF). */
    static Raw webSocket(EchoServer s, String query, String extraHeaders) throws IOException {
        Raw r = new Raw(s);
        r.write(upgradeRequest(query, extraHeaders));
        String head = r.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
        r.lastHead = head;
        return r;
    }

    /** Writes one client frame; masked unless {@code masked} is false. */
    Raw frame(int firstByte, byte[] payload, boolean masked) throws IOException {
        return write(frameBytes(firstByte, payload, masked));
    }

    /** The bytes of one client frame, for tests that write them together with something else. */
    static byte[] frameBytes(int firstByte, byte[] payload, boolean masked) {
        return WebSocketFrames.clientFrame(firstByte, payload, masked);
    }

    /** Reads one server frame: returns {opcode, payload, first byte}. */
    Object[] readFrame() throws IOException {
        WebSocketFrames.Frame f = nextFrame();
        return new Object[] {f.opcode(), f.payload(), f.firstByte()};
    }

    /** Reads one server frame. */
    WebSocketFrames.Frame nextFrame() throws IOException {
        return WebSocketFrames.read(in);
    }

    /** Reads frames until a close frame and returns its status code (-1 when the socket just ended). */
    int readCloseCode() throws IOException {
        byte[] p = readClosePayload();
        return p == null ? -1 : p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : 1005;
    }

    /** The payload of a Close frame carrying {@code code} and no reason text. */
    static byte[] closeCodeOnly(int code) {
        return WebSocketFrames.closePayload(code, new byte[0]);
    }

    /** Reads frames until a close frame and returns its whole payload (null when the socket just ended). */
    byte[] readClosePayload() throws IOException {
        try {
            while (true) {
                Object[] f = readFrame();
                if ((int) f[0] == 8) {
                    return (byte[]) f[1];
                }
            }
        } catch (EOFException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
