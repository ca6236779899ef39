// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.TrustedProxies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who sent a request, as far as the engine may believe: the client address, whether the client
 * used TLS and the host it asked for. Forwarding headers count only when the TCP peer is a
 * trusted proxy ({@link TrustedProxies}); then the chain is read right to left and every trusted
 * hop is skipped, so the result is the nearest address no trusted proxy vouches for. An entry
 * that is not an address ({@code unknown}, an obfuscated {@code _node}) ends the walk at the hop
 * that reported it. Pure; thread-safe.
 */
final class ForwardedHeaders {

    /** The resolved view of one request. {@code host} is the Host header or the forwarded host (may be null). */
    record Resolved(InetAddress client, boolean secure, String host) {
    }

    private ForwardedHeaders() {
    }

    static Resolved resolve(InetAddress peer, boolean tls, HttpHeaders headers, TrustedProxies trusted) {
        String host = headers.get(HttpHeaderNames.HOST);
        if (peer == null || !trusted.trusts(peer)) {
            return new Resolved(peer, tls, host);
        }
        List<String> forwarded = headers.getAll("Forwarded");
        List<String> chain;
        String proto;
        String fwdHost;
        if (!forwarded.isEmpty()) {
            chain = new ArrayList<>();
            List<String> protos = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            for (String line : forwarded) {
                parseForwarded(line, chain, protos, hosts);
            }
            proto = protos.isEmpty() ? null : protos.get(0);
            fwdHost = hosts.isEmpty() ? null : hosts.get(0);
        } else {
            chain = splitList(headers.getAll("X-Forwarded-For"));
            proto = first(headers.getAll("X-Forwarded-Proto"));
            fwdHost = first(headers.getAll("X-Forwarded-Host"));
        }
        InetAddress client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress hop = IpAddresses.fromChainEntry(chain.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trusted.trusts(hop)) {
                break;
            }
        }
        boolean secure = proto == null ? tls
                : proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("wss");
        String effectiveHost = fwdHost != null && !fwdHost.isEmpty() && !RequestVerifier.hasInvalidHeaderChar(fwdHost)
                ? fwdHost : host;
        return new Resolved(client, secure, effectiveHost);
    }

    /** {@code for=}, {@code proto=} and {@code host=} of each element of one Forwarded line, in order. */
    private static void parseForwarded(String line, List<String> chain, List<String> protos, List<String> hosts) {
        for (String element : line.split(",")) {
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(eq + 1).trim());
                switch (name) {
                    case "for" -> chain.add(value);
                    case "proto" -> protos.add(value);
                    case "host" -> hosts.add(value);
                    default -> { }
                }
            }
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> splitList(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",")) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String first(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.get(0);
        int comma = line.indexOf(',');
        return (comma < 0 ? line : line.substring(0, comma)).trim();
    }
}
