// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static dev.sio4j.testsupport.WebSocketFrames.BINARY;
import static dev.sio4j.testsupport.WebSocketFrames.CLOSE;
import static dev.sio4j.testsupport.WebSocketFrames.CONTINUATION;
import static dev.sio4j.testsupport.WebSocketFrames.FIN;
import static dev.sio4j.testsupport.WebSocketFrames.PING;
import static dev.sio4j.testsupport.WebSocketFrames.PONG;
import static dev.sio4j.testsupport.WebSocketFrames.TEXT;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.sio4j.testsupport.EmbeddedNetwork.Connection;
import io.netty.channel.ChannelHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An Engine.IO client driven by a fuzzer: it turns the fuzzer's bytes into client actions against
 * a server pipeline on an {@link EmbeddedNetwork}: raw bytes, HTTP requests (handshakes, polls,
 * posts, upgrades, and requests with fuzzed parts), WebSocket frames (messages, fragments, control
 * frames, wrong bits, lying lengths), closes, the passing of time and, through the
 * {@link Target}, the server acting on its own. It learns the session ids the server hands out
 * and uses them, so that the fuzzer reaches live sessions instead of having to guess ids.
 *
 * <p>Every choice is read from the fuzzer's input, so an input replays the same actions as long
 * as this class and the target stay the same. Not thread-safe.
 */
public final class EngineIoFuzzClient {

    /** What a fuzz target plugs in. */
    public interface Target {
        /** The server's pipeline for a new connection (its {@code ChannelInitializer}). */
        ChannelHandler newPipeline();

        /** The Engine.IO path, e.g. {@code /engine.io/}. */
        String path();

        /** One Engine.IO packet, as text, for a frame or a polling body. */
        String packet(FuzzedDataProvider data);

        /**
         * The server does something of its own accord: sends, closes, decides a pending handshake.
         *
         * @return what it did, for the trace
         */
        String serverAction(FuzzedDataProvider data);
    }

    private static final int MAX_ACTIONS = 64;
    private static final int MAX_CONNECTIONS = 4;
    private static final int MAX_SIDS = 8;
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String[] METHODS = {"GET", "POST", "OPTIONS", "PUT", "HEAD", "DELETE", "CONNECT", "G"};
    private static final String[] EXTRA_HEADERS = {
        "Origin: http://localhost", "Origin: http://evil.example", "Origin: null", "Cookie: io=x",
        "Connection: close", "Connection: keep-alive", "Accept-Encoding: gzip, deflate", "Expect: 100-continue",
        "Content-Type: text/plain;charset=UTF-8", "Content-Type: application/octet-stream",
        "Transfer-Encoding: chunked", "Content-Length: 5", "Content-Length: 100000000", "Upgrade: websocket",
        "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Key: abc", "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Version: 8", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
        "Sec-WebSocket-Protocol: chat", "Access-Control-Request-Method: POST", "X-Forwarded-For: 10.0.0.1",
    };
    private static final int[] CLOSE_CODES = {1000, 1001, 1002, 1005, 1006, 1007, 1009, 1011, 1015, 999, 3000, 4999, 5000, 0};
    private static final long[] DELAYS_MILLIS = {1, 50, 100, 150, 250, 500, 1000, 2000, 10_000, 60_000};

    private final EmbeddedNetwork network;
    private final Target target;
    private final List<String> sids = new ArrayList<>();
    private final StringBuilder trace = new StringBuilder();

    public EngineIoFuzzClient(EmbeddedNetwork network, Target target) {
        this.network = network;
        this.target = target;
    }

    /** The session ids (and other {@code "sid"} values) the server sent so far. */
    public List<String> sids() {
        return sids;
    }

    /** What was played so far, one line per action, for failure messages. */
    public String trace() {
        return trace.toString();
    }

    /** Plays the actions {@code data} describes, until it runs out or {@value #MAX_ACTIONS} were played. */
    public void run(FuzzedDataProvider data) {
        for (int i = 0; i < MAX_ACTIONS && data.remainingBytes() > 0; i++) {
            int action = data.consumeInt(0, 13);
            trace.append(ACTIONS[action]);
            act(action, data);
            network.runTasks();
            readAll();
            trace.append('\n');
        }
    }

    private static final String[] ACTIONS = {"connect", "raw bytes", "polling handshake", "poll", "post",
        "websocket handshake", "upgrade", "fuzzed request", "message frame", "fragmented message", "fuzzed frame",
        "time passes", "client closes", "server acts"};

    private void act(int action, FuzzedDataProvider data) {
        switch (action) {
            case 0 -> connect();
            case 1 -> send(data, connection(data), data.consumeBytes(data.consumeInt(0, 512)));
            case 2 -> send(data, connection(data), request("GET", "EIO=4&transport=polling", "", new byte[0]));
            case 3 -> send(data, connection(data), request("GET", "EIO=4&transport=polling&sid=" + sid(data), "", new byte[0]));
            case 4 -> post(data);
            case 5 -> upgrade(data, "EIO=4&transport=websocket");
            case 6 -> upgrade(data, "EIO=4&transport=websocket&sid=" + sid(data));
            case 7 -> send(data, connection(data), fuzzedRequest(data));
            case 8 -> send(data, connection(data), message(data));
            case 9 -> send(data, connection(data), fragmented(data));
            case 10 -> send(data, connection(data), fuzzedFrame(data));
            case 11 -> {
                long millis = data.pickValue(Arrays.stream(DELAYS_MILLIS).boxed().toList());
                trace.append(' ').append(millis).append(" ms");
                network.advance(Duration.ofMillis(millis));
            }
            case 12 -> connection(data).close();
            default -> trace.append(": ").append(target.serverAction(data));
        }
    }

    private Connection connect() {
        if (network.connections().stream().filter(Connection::isOpen).count() >= MAX_CONNECTIONS) {
            return network.connections().get(network.connections().size() - 1);
        }
        return network.connect(target.newPipeline());
    }

    /** One of the open connections (a new one when none is open). */
    private Connection connection(FuzzedDataProvider data) {
        List<Connection> open = network.connections().stream().filter(Connection::isOpen).toList();
        Connection c = open.isEmpty() ? connect() : open.get(data.consumeInt(0, open.size() - 1));
        trace.append(" on #").append(network.connections().indexOf(c));
        return c;
    }

    private String sid(FuzzedDataProvider data) {
        int i = data.consumeInt(0, sids.size());
        return i < sids.size() ? sids.get(i) : data.consumeString(24);
    }

    /** Writes {@code bytes} in one piece or, when the fuzzer says so, in two reads. */
    private void send(FuzzedDataProvider data, Connection c, byte[] bytes) {
        trace.append(": ").append(printable(bytes));
        if (bytes.length > 1 && data.consumeInt(0, 3) == 0) {
            int cut = data.consumeInt(1, bytes.length - 1);
            c.write(Arrays.copyOfRange(bytes, 0, cut));
            c.write(Arrays.copyOfRange(bytes, cut, bytes.length));
        } else {
            c.write(bytes);
        }
    }

    private void readAll() {
        for (Connection c : network.connections()) {
            learnSids(new String(c.read(), StandardCharsets.ISO_8859_1));
        }
    }

    private void learnSids(String out) {
        for (int at = out.indexOf("\"sid\":\""); at >= 0 && sids.size() < MAX_SIDS; at = out.indexOf("\"sid\":\"", at + 1)) {
            int end = out.indexOf('"', at + 7);
            if (end > at + 7) {
                String sid = out.substring(at + 7, end);
                if (!sids.contains(sid)) {
                    sids.add(sid);
                }
            }
        }
    }

    // ---- HTTP ----

    private byte[] request(String method, String query, String headers, byte[] body) {
        String head = method + " " + target.path() + "?" + query + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private void post(FuzzedDataProvider data) {
        Connection c = connection(data);
        String query = "EIO=4&transport=polling&sid=" + sid(data);
        String headers = data.consumeBoolean() ? "" : data.pickValue(EXTRA_HEADERS) + "\r\n";
        byte[] body = data.consumeBoolean() ? payload(data).getBytes(StandardCharsets.UTF_8)
                : data.consumeBytes(data.consumeInt(0, 64));
        if (data.consumeInt(0, 3) == 0) {
            send(data, c, chunked(request("POST", query, headers + "Transfer-Encoding: chunked\r\n", new byte[0]), body, data));
        } else {
            send(data, c, request("POST", query, headers, body));
        }
    }

    /** A polling body: 1 to 4 packets joined by the record separator. */
    private String payload(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder(target.packet(data));
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            b.append('\u001e').append(target.packet(data));
        }
        return b.toString();
    }

    private static byte[] chunked(byte[] head, byte[] body, FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        int at = 0;
        while (at < body.length) {
            int n = data.consumeInt(1, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** An upgrade request, perhaps with frames right behind it in the same write. */
    private void upgrade(FuzzedDataProvider data, String query) {
        String headers = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n"
                + (data.consumeBoolean() ? "" : data.pickValue(EXTRA_HEADERS) + "\r\n");
        byte[] bytes = request("GET", query, headers, new byte[0]);
        if (data.consumeBoolean()) {
            bytes = concat(bytes, data.consumeBoolean() ? message(data) : fuzzedFrame(data));
        }
        send(data, connection(data), bytes);
    }

    /** A request whose every part may be off: method, target, version, headers, framing of the body. */
    private byte[] fuzzedRequest(FuzzedDataProvider data) {
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(8);
        StringBuilder query = new StringBuilder();
        for (int n = data.consumeInt(0, 4); n > 0; n--) {
            query.append(data.pickValue(new String[] {"EIO=", "transport=", "sid=", "EIO=4&transport=", "t=", "b64="}))
                    .append(data.consumeBoolean() ? data.pickValue(new String[] {"4", "3", "polling", "websocket"})
                            : data.consumeString(16))
                    .append('&');
        }
        String path = data.consumeBoolean() ? target.path() : data.consumeString(24);
        String version = data.consumeInt(0, 5) == 0 ? data.consumeString(10) : data.consumeBoolean() ? "HTTP/1.1" : "HTTP/1.0";
        StringBuilder head = new StringBuilder(method + " " + path + "?" + query + " " + version + "\r\n");
        for (int n = data.consumeInt(0, 5); n > 0; n--) {
            head.append(data.consumeBoolean() ? data.pickValue(EXTRA_HEADERS) : data.consumeString(40)).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), data.consumeBytes(data.consumeInt(0, 64)));
    }

    // ---- WebSocket ----

    /** A well-formed masked message frame: an Engine.IO packet as text, or binary. */
    private byte[] message(FuzzedDataProvider data) {
        if (data.consumeInt(0, 4) == 0) {
            return WebSocketFrames.clientFrame(FIN | BINARY, data.consumeBytes(data.consumeInt(0, 64)), true);
        }
        return WebSocketFrames.text(target.packet(data));
    }

    /** One packet in two to four fragments, maybe with a ping between them. */
    private byte[] fragmented(FuzzedDataProvider data) {
        byte[] whole = target.packet(data).getBytes(StandardCharsets.UTF_8);
        int parts = data.consumeInt(2, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? whole.length : data.consumeInt(at, whole.length);
            int opcode = i == 0 ? TEXT : CONTINUATION;
            out.writeBytes(WebSocketFrames.clientFrame((i == parts - 1 ? FIN : 0) | opcode,
                    Arrays.copyOfRange(whole, at, end), true));
            if (data.consumeInt(0, 3) == 0) {
                out.writeBytes(WebSocketFrames.clientFrame(FIN | PING, data.consumeBytes(8), true));
            }
            at = end;
        }
        return out.toByteArray();
    }

    /** A frame with fuzzed bits, opcode, payload, mask and length field. */
    private byte[] fuzzedFrame(FuzzedDataProvider data) {
        int opcode = data.consumeBoolean()
                ? data.pickValue(new Integer[] {TEXT, BINARY, CONTINUATION, CLOSE, PING, PONG}) : data.consumeInt(0, 15);
        int firstByte = (data.consumeInt(0, 3) == 0 ? 0 : FIN) | (data.consumeInt(0, 7) == 0 ? data.consumeInt(1, 7) << 4 : 0)
                | opcode;
        byte[] payload = switch (data.consumeInt(0, 3)) {
            case 0 -> target.packet(data).getBytes(StandardCharsets.UTF_8);
            case 1 -> WebSocketFrames.closePayload(data.pickValue(Arrays.stream(CLOSE_CODES).boxed().toList()),
                    data.consumeBytes(data.consumeInt(0, 130)));
            case 2 -> repeated((byte) '4', data.consumeInt(0, 70_000));
            default -> data.consumeBytes(data.consumeInt(0, 200));
        };
        boolean masked = data.consumeInt(0, 7) != 0;
        if (data.consumeInt(0, 5) != 0) {
            return WebSocketFrames.clientFrame(firstByte, payload, masked);
        }
        // A length field of another form than the shortest, or one that does not match the payload.
        long declared = data.consumeBoolean() ? payload.length : data.consumeLong();
        int form = data.pickValue(new Integer[] {0, 16, 64});
        byte[] header = WebSocketFrames.header(firstByte, form == 0 ? declared & 0x7f : form == 16 ? declared & 0xffff : declared,
                masked, form);
        return concat(header, payload);
    }

    private static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length && b.length() < 300; i++) {
            int c = bytes[i] & 0xff;
            b.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format(Locale.ROOT, "\\x%02x", c));
        }
        return bytes.length > 300 ? b + "...(" + bytes.length + " bytes)" : b.toString();
    }

    private static byte[] repeated(byte b, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
