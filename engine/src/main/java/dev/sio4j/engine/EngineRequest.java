// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request that opened an Engine.IO session (the handshake), or that is being checked
 * by {@link AllowRequest} and the initial-headers hook.
 *
 * <p>Immutable and thread-safe: a snapshot taken when the request arrived; it holds no Netty
 * buffer. Header names are case-insensitive.
 *
 * <pre>{@code
 * AllowRequest sameSite = req -> CompletableFuture.completedFuture(
 *         req.secure() && "https://app.example.com".equals(req.header("Origin"))
 *                 ? AllowRequest.Decision.allow() : AllowRequest.Decision.deny(""));
 * }</pre>
 */
public interface EngineRequest {

    /** The HTTP method, upper case ({@code "GET"}). */
    String method();

    /** The request target as sent: path plus query string, e.g. {@code /engine.io/?EIO=4&transport=polling}. */
    String url();

    /** The decoded path, without the query string. */
    String path();

    /**
     * Every query parameter with all its values, in request order. Unmodifiable.
     */
    Map<String, List<String>> query();

    /** The first value of query parameter {@code name}, or null. */
    String queryParam(String name);

    /**
     * Every header with all its values; lookups through this map are case-insensitive.
     * Unmodifiable.
     */
    Map<String, List<String>> headers();

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name);

    /** The peer's address as seen by the TCP connection (no proxy headers are trusted). */
    InetSocketAddress remoteAddress();

    /**
     * The client's address: the TCP peer's, or, when the peer is a trusted proxy
     * ({@link EngineOptions#trustedProxies()}), the address it forwarded. What the per-address
     * limits count and what logs show. Null only when the transport has no IP address.
     */
    InetAddress clientAddress();

    /**
     * Whether the client reached the server over TLS: this connection is TLS, or a trusted proxy
     * says it was ({@code X-Forwarded-Proto: https} or {@code Forwarded: proto=https}).
     */
    boolean secure();

    /** When the request arrived. */
    Instant time();
}
