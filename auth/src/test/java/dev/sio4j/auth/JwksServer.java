// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's JWKS endpoint on 127.0.0.1 (the JDK's HTTP server): serves the keys last
 * published, counts the fetches, can hold answers back (a slow provider) or fail them (a
 * provider that is down). Nothing online.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jwks-test-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = new JWKSet().toString();
    private volatile int status = 200;
    private volatile CountDownLatch gate;
    private final CountDownLatch held = new CountDownLatch(1);

    JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                held.countDown();
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** Publishes these public keys (what a provider's rotation does). */
    void publish(JWK... keys) {
        body = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    /** Answers 503 from now on (true) or 200 again. */
    void down(boolean down) {
        status = down ? 503 : 200;
    }

    int fetches() {
        return fetches.get();
    }

    /** Holds every answer until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Waits until a fetch is being held. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(10, TimeUnit.SECONDS);
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
