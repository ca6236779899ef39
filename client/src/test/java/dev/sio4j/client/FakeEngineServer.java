// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;

/**
 * A scripted Engine.IO polling server on a loopback port chosen by the OS, written with plain
 * blocking sockets so that it can send what no real server would (oversized bodies, malformed
 * packets). Test support; thread-safe.
 *
 * <p>Each session answers the handshake, records every packet the client POSTs, and hands each
 * one to the {@code responder}, whose answers (Engine.IO packets in text form) the next polling
 * GET returns. {@link #rawPollResponse} replaces the next GET's whole HTTP response.
 */
final class FakeEngineServer implements AutoCloseable {

    /** Packets a session received, in order, e.g. "40", "42[\"a\"]". */
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();
    final List<String> handshakeTargets = new CopyOnWriteArrayList<>();
    volatile String rawPollResponse;

    private final ServerSocket server;
    private final BiFunction<String, String, List<String>> responder;
    private final Map<String, BlockingQueue<String>> outbound = new ConcurrentHashMap<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    /** @param responder (sid, received Socket.IO packet) to the Socket.IO packets to send back */
    FakeEngineServer(BiFunction<String, String, List<String>> responder) throws IOException {
        this(responder, null);
    }

    /** @param tls the server's TLS context (HTTPS), or null for plain HTTP */
    FakeEngineServer(BiFunction<String, String, List<String>> responder, SSLContext tls) throws IOException {
        this.responder = responder;
        this.server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "fake-engine-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A responder that accepts every namespace CONNECT with socket id "id-1". */
    static List<String> acceptConnect(String sid, String packet) {
        if (packet.startsWith("0")) {
            int comma = packet.indexOf(',');
            String nsp = packet.startsWith("0/") && comma > 0 ? packet.substring(1, comma + 1) : "";
            return List.of("0" + nsp + "{\"sid\":\"id-1\"}");
        }
        return List.of();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Queues packets for every session's next poll. */
    void push(String... packets) {
        outbound.values().forEach(q -> q.addAll(List.of(packets)));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "fake-engine-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                int length = 0;
                for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                    if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                String[] parts = requestLine.split(" ");
                handle(parts[0], parts[1], body, out);
            }
        } catch (IOException | InterruptedException e) {
            // connection gone: nothing to clean up beyond the socket
        }
    }

    private void handle(String method, String target, String body, OutputStream out)
            throws IOException, InterruptedException {
        String sid = param(target, "sid");
        if (sid == null) {
            String newSid = "s" + handshakes.incrementAndGet();
            handshakeTargets.add(target);
            outbound.put(newSid, new LinkedBlockingQueue<>());
            respond(out, "0{\"sid\":\"" + newSid + "\",\"upgrades\":[],\"pingInterval\":25000,"
                    + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
            return;
        }
        BlockingQueue<String> queue = outbound.get(sid);
        if ("POST".equals(method)) {
            for (String packet : body.split("\u001e")) {
                if (packet.startsWith("4")) {
                    received.add(packet.substring(1));
                    queue.addAll(responder.apply(sid, packet.substring(1)).stream().map(p -> "4" + p).toList());
                }
            }
            respond(out, "ok");
            return;
        }
        String raw = rawPollResponse;
        if (raw != null) {
            rawPollResponse = null;
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        String first = queue.poll(2, TimeUnit.SECONDS);
        List<String> batch = new ArrayList<>();
        batch.add(first == null ? "6" : first);
        queue.drainTo(batch);
        respond(out, String.join("\u001e", batch));
    }

    private static void respond(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: " + bytes.length
                + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private static String param(String target, String name) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : target.substring(q + 1).split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
