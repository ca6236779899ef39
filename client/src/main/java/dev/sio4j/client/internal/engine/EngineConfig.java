// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import dev.sio4j.client.ClientOptions.Transport;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * What an Engine.IO client session needs to know: where the server is and how to talk to it.
 *
 * <p>Immutable, thread-safe.
 *
 * @param secure               https/wss
 * @param host                 server host
 * @param port                 server port
 * @param path                 the engine path, ending with "/"
 * @param query                query parameters sent with every request (besides EIO, transport, sid)
 * @param headers              extra request headers
 * @param transports           transports in order of preference
 * @param upgrade              whether to probe websocket from polling
 * @param sslContext           the TLS context, or null for the JVM default
 * @param insecureTrustAll     whether every certificate check is off (any certificate, any host)
 * @param maxIncomingBytes     largest HTTP body or WebSocket message accepted
 * @param maxPacketsPerPayload most packets in one polling body
 * @param connectTimeoutMillis longest time to resolve the host and open the TCP connection
 * @param withCredentials      keep the cookies the server sets and send them back (one jar per session)
 * @param deflateThreshold     offer permessage-deflate and compress WebSocket messages of at least
 *                             this many bytes; -1 to not offer it
 * @param resolvers            the runtime's host name resolvers (null only until a session is made:
 *                             {@link #withResolvers})
 */
public record EngineConfig(boolean secure, String host, int port, String path, Map<String, String> query,
                           Map<String, List<String>> headers, List<Transport> transports, boolean upgrade,
                           SSLContext sslContext, boolean insecureTrustAll, int maxIncomingBytes,
                           int maxPacketsPerPayload, int connectTimeoutMillis, boolean withCredentials,
                           int deflateThreshold, AddressResolverGroup<InetSocketAddress> resolvers) {

    /** This configuration with the resolvers of the runtime a session runs on. */
    public EngineConfig withResolvers(AddressResolverGroup<InetSocketAddress> group) {
        return new EngineConfig(secure, host, port, path, query, headers, transports, upgrade, sslContext,
                insecureTrustAll, maxIncomingBytes, maxPacketsPerPayload, connectTimeoutMillis,
                withCredentials, deflateThreshold, group);
    }

    /** Whether permessage-deflate is offered on WebSocket handshakes. */
    boolean perMessageDeflate() {
        return deflateThreshold >= 0;
    }

    /** The request target (path and query) for one request of {@code transport}. */
    String target(String transport, String sid) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("EIO", "4");
        params.put("transport", transport);
        if (sid != null) {
            params.put("sid", sid);
        }
        StringBuilder sb = new StringBuilder(path).append('?');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                sb.append('&');
            }
            first = false;
            sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    /** The Host header value (the port is left out when it is the scheme's default). */
    String hostHeader() {
        boolean defaultPort = secure ? port == 443 : port == 80;
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }

    /** The absolute WebSocket URI of a websocket transport. */
    URI websocketUri(String sid) {
        return URI.create((secure ? "wss://" : "ws://") + hostHeader() + target("websocket", sid));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
