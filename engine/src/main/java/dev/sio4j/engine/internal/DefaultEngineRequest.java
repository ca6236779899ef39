// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.TrustedProxies;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an HTTP request's line, headers and peer. Immutable and thread-safe.
 */
final class DefaultEngineRequest implements EngineRequest {

    private final String method;
    private final String url;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final InetSocketAddress remoteAddress;
    private final InetAddress clientAddress;
    private final boolean secure;
    private final String host;
    private final Instant time;

    private DefaultEngineRequest(String method, String url, String path, Map<String, List<String>> query,
            Map<String, List<String>> headers, InetSocketAddress remoteAddress, ForwardedHeaders.Resolved seen,
            Instant time) {
        this.method = method;
        this.url = url;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
        this.clientAddress = seen.client();
        this.secure = seen.secure();
        this.host = seen.host();
        this.time = time;
    }

    /**
     * Snapshots {@code request}; the query keeps at most 256 parameters (the rest are ignored).
     * {@code tls}: whether the connection itself is TLS; forwarding headers count only from
     * {@code trusted} peers.
     */
    static DefaultEngineRequest of(HttpRequest request, SocketAddress remote, boolean tls, TrustedProxies trusted) {
        QueryStringDecoder qs = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 256);
        // Kept for the session's life (and shared with the socket's handshake): two arrays in
        // request order, the common keys and values as one shared instance each.
        Map<String, List<String>> params = qs.parameters();
        String[] keys = new String[params.size()];
        @SuppressWarnings("unchecked")
        List<String>[] values = new List[keys.length];
        int n = 0;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            keys[n] = SharedNames.share(e.getKey());
            values[n++] = shareAll(e.getValue());
        }
        FrozenMultiMap query = FrozenMultiMap.own(keys, values);
        List<Map.Entry<String, String>> headerLines = new ArrayList<>(request.headers().size());
        for (Map.Entry<String, String> e : request.headers()) {
            headerLines.add(Map.entry(SharedNames.share(e.getKey()), SharedNames.share(e.getValue())));
        }
        RequestHeaders headers = RequestHeaders.of(headerLines);
        InetSocketAddress addr = remote instanceof InetSocketAddress isa ? isa : null;
        ForwardedHeaders.Resolved seen = ForwardedHeaders.resolve(addr == null ? null : addr.getAddress(), tls,
                request.headers(), trusted);
        return new DefaultEngineRequest(request.method().name(), request.uri(), SharedNames.share(qs.path()),
                query, headers, addr, seen, Instant.now());
    }

    private static List<String> shareAll(List<String> values) {
        if (values.size() == 1) {
            return SharedNames.listOf(values.get(0));
        }
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(SharedNames.share(v));
        }
        return List.copyOf(out);
    }

    /** The host the client asked for: the Host header, or a trusted proxy's forwarded host; may be null. */
    String host() {
        return host;
    }

    @Override public String method() { return method; }
    @Override public String url() { return url; }
    @Override public String path() { return path; }
    @Override public Map<String, List<String>> query() { return query; }
    @Override public Map<String, List<String>> headers() { return headers; }
    @Override public InetSocketAddress remoteAddress() { return remoteAddress; }
    @Override public InetAddress clientAddress() { return clientAddress; }
    @Override public boolean secure() { return secure; }
    @Override public Instant time() { return time; }

    @Override
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String toString() {
        // The query may carry the sid or tokens: never print it.
        return "EngineRequest[" + method + " " + path + " from " + describe(clientAddress) + "]";
    }

    /** An address for logs: its text, without a reverse lookup. */
    static String describe(InetAddress address) {
        return address == null ? "?" : address.getHostAddress();
    }
}
