// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TCP side of the one raw test client ({@link RawClient}): a plain connection for the bytes no
 * HTTP or WebSocket client would send. Malformed or pipelined requests, requests cut short,
 * upgrades followed by hand-made frames ({@link WebSocketFrames}) in the same write, and readers
 * of what comes back: a response head, a whole response, server frames, everything until the
 * close. Every read gives up after {@link RawClient#WAIT} (a {@link SocketTimeoutException}).
 *
 * <pre>{@code
 * try (RawConnection ws = RawConnection.webSocket(address, "/engine.io/?EIO=4&transport=websocket")) {
 *     assertThat(ws.nextFrame().text()).startsWith("0{");
 *     ws.frame(WebSocketFrames.FIN | WebSocketFrames.TEXT, "4hi".getBytes(UTF_8), false);   // unmasked
 *     assertThat(ws.readCloseCode()).isEqualTo(1002);
 * }
 * }</pre>
 *
 * <p>Confined to one test thread.
 */
public final class RawConnection implements AutoCloseable {

    /** One HTTP response read off the connection; the accessors are named as {@code HttpResponse}'s. */
    public record Response(int statusCode, HttpHeaders headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String host = "127.0.0.1";
    private String lastHead;

    private RawConnection(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout((int) RawClient.WAIT.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects to {@code address} (at most {@link RawClient#WAIT}). */
    public static RawConnection open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) RawClient.WAIT.toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        RawConnection c = new RawConnection(socket);
        c.host = address.getHostString();
        return c;
    }

    /** Over an already connected socket (a TLS one, say). */
    public static RawConnection over(Socket connected) throws IOException {
        return new RawConnection(connected);
    }

    /** Connects and upgrades {@code pathAndQuery} to a WebSocket; returns after the 101 head. */
    public static RawConnection webSocket(InetSocketAddress address, String pathAndQuery) throws IOException {
        return webSocket(address, pathAndQuery, "");
    }

    /** As {@link #webSocket(InetSocketAddress, String)} with extra request header lines (each ending in CRLF). */
    public static RawConnection webSocket(InetSocketAddress address, String pathAndQuery, String extraHeaders) throws IOException {
        RawConnection c = open(address);
        try {
            c.write(upgradeRequest(pathAndQuery, extraHeaders));
            String head = c.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade: " + head);
            }
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** A valid upgrade request for {@code pathAndQuery} with extra header lines (each ending in CRLF). */
    public static String upgradeRequest(String pathAndQuery, String extraHeaders) {
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** The socket underneath. */
    public Socket socket() {
        return socket;
    }

    /** The socket's input, for tests that read byte by byte. */
    public InputStream in() {
        return in;
    }

    /** The last response head {@link #readHead()} read (the 101 of {@link #webSocket}), or null. */
    public String lastHead() {
        return lastHead;
    }

    // ---- writing ----

    /** Writes {@code ascii} as ISO-8859-1 bytes. */
    public RawConnection write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} and flushes. */
    public RawConnection write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Writes a well-formed HTTP/1.1 request with a Content-Length body (UTF-8); {@code close}
     * adds {@code Connection: close} (what Node sends without an agent).
     */
    public RawConnection request(String method, String pathAndQuery, String body, boolean close) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host
                + (close ? "\r\nConnection: close" : "")
                + "\r\nContent-Length: " + content.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        return this;
    }

    /** Writes one client frame ({@link WebSocketFrames#clientFrame}); masked unless {@code masked} is false. */
    public RawConnection frame(int firstByte, byte[] payload, boolean masked) throws IOException {
        return write(WebSocketFrames.clientFrame(firstByte, payload, masked));
    }

    // ---- reading HTTP ----

    /** Reads the status line and headers of one response. */
    public String readHead() throws IOException {
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
        lastHead = b.toString(StandardCharsets.ISO_8859_1);
        return lastHead;
    }

    /** Reads one whole response, head plus a Content-Length or chunked body, as text. */
    public String readResponse() throws IOException {
        String head = readHead();
        return head + readBody(head);
    }

    /**
     * Reads one whole response with a Content-Length body (what the engine sends to polling
     * requests) or a chunked one (what other HTTP handlers sharing the port may send), parsed.
     */
    public Response readReply() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new Response(status, HttpHeaders.of(headers, (k, v) -> true), readBody(head));
    }

    private String readBody(String head) throws IOException {
        if (!head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            return new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(readLine().split(";")[0].strip(), 16)) > 0; readLine()) {
            body.write(in.readNBytes(size));
        }
        while (!readLine().isEmpty()) {
            // trailers, then the empty line that ends the message
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** One CRLF-ended line, without the CRLF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("connection closed after: " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        int len = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        return len;
    }

    /** Everything the server sends until it closes the connection (a timeout after {@link RawClient#WAIT} without a close). */
    public String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** True when the server closed the connection (EOF or reset) within {@link RawClient#WAIT}; what came before is skipped. */
    public boolean closedByServer() {
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

    // ---- reading WebSocket frames ----

    /** Reads one server frame. */
    public WebSocketFrames.Frame nextFrame() throws IOException {
        return WebSocketFrames.read(in);
    }

    /** Reads frames until a Close frame and returns its status code (1005 when it has none, -1 when the socket just ended). */
    public int readCloseCode() throws IOException {
        byte[] p = readClosePayload();
        return p == null ? -1 : p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : 1005;
    }

    /** Reads frames until a Close frame and returns its whole payload (null when the socket just ended). */
    public byte[] readClosePayload() throws IOException {
        try {
            while (true) {
                WebSocketFrames.Frame f = nextFrame();
                if (f.opcode() == WebSocketFrames.CLOSE) {
                    return f.payload();
                }
            }
        } catch (EOFException e) {
            return null;
        }
    }

    // ---- ending ----

    /** Closes with a TCP reset instead of a FIN, as an aborted fetch() or a killed client does. */
    public void abandon() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
