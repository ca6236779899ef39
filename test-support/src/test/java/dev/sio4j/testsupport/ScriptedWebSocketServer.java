// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on port 0 for the raw client's own tests: it takes one connection, answers
 * its upgrade and then plays a script (server frames out, client frames read and checked), so
 * that what the client puts on the wire is seen byte for byte. Reads time out after 5 s; a
 * failed step fails {@link #awaitScript()}. Its thread is confined to the one connection.
 */
final class ScriptedWebSocketServer implements AutoCloseable {

    /** What the server does once the upgrade is answered. */
    interface Script {
        void play(Peer peer) throws Exception;
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final CompletableFuture<Void> played = new CompletableFuture<>();
    private volatile Socket connection;

    ScriptedWebSocketServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                connection = s;
                s.setSoTimeout(5000);
                Peer peer = new Peer(s.getInputStream(), s.getOutputStream());
                peer.answerUpgrade();
                script.play(peer);
                played.complete(null);
                peer.drain();
            } catch (Throwable e) {
                played.completeExceptionally(e);
            }
        }, "scripted-websocket-server");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    /** Waits for the script to end; rethrows what failed in it. */
    void awaitScript() throws Exception {
        played.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = connection;
        if (s != null) {
            s.close();
        }
    }

    /** The server's end of the connection. */
    static final class Peer {
        private final DataInputStream in;
        private final OutputStream out;

        Peer(InputStream in, OutputStream out) {
            this.in = new DataInputStream(in);
            this.out = out;
        }

        void answerUpgrade() throws IOException, NoSuchAlgorithmException {
            String key = null;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(18).trim();
                }
            }
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void sendText(String text) throws IOException {
            send(WebSocketFrames.FIN | WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendBinary(byte[] bytes) throws IOException {
            send(WebSocketFrames.FIN | WebSocketFrames.BINARY, bytes);
        }

        void close(int code) throws IOException {
            send(WebSocketFrames.FIN | WebSocketFrames.CLOSE, WebSocketFrames.closePayload(code));
        }

        /** The next client frame, which must be masked text. */
        String readText() throws IOException {
            return new String(read(WebSocketFrames.TEXT), StandardCharsets.UTF_8);
        }

        /** The next client frame, which must be masked binary. */
        byte[] readBinary() throws IOException {
            return read(WebSocketFrames.BINARY);
        }

        private void send(int firstByte, byte[] payload) throws IOException {
            // A server frame is a client frame without the mask.
            out.write(WebSocketFrames.clientFrame(firstByte, payload, false));
            out.flush();
        }

        private byte[] read(int opcode) throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            if ((b0 & 0x0f) != opcode || (b1 & 0x80) == 0) {
                throw new AssertionError("expected a masked frame of opcode " + opcode + ", got " + b0 + "/" + b1);
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) len);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            return payload;
        }

        /** Reads until the client goes (or the read times out), so that the client closes first. */
        void drain() {
            try {
                while (in.read() >= 0) {
                    // what the client sends after the script is not checked
                }
            } catch (IOException e) {
                // timed out or reset: the script is over either way
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed in the upgrade request");
                }
                if (c != '\r') {
                    line.write(c);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
