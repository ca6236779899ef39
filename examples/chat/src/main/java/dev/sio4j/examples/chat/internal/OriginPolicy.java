package dev.sio4j.examples.chat.internal;

import dev.sio4j.engine.AllowRequest;
import dev.sio4j.engine.EngineRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides at the Engine.IO handshake which browser origins may connect, for polling and
 * WebSocket alike (a WebSocket is not protected by CORS, so without this any site could open
 * one in a visitor's browser). Allowed: requests without an {@code Origin} header (non-browser
 * clients), the chat's own origin (the Origin matches the request's {@code Host} and scheme),
 * and the configured origins; {@code *} allows all.
 *
 * <p>Immutable and thread-safe.
 */
public final class OriginPolicy implements AllowRequest {

    private final boolean any;
    private final List<String> allowed;

    public OriginPolicy(List<String> corsOrigins) {
        this.any = corsOrigins.contains("*");
        this.allowed = corsOrigins.stream().map(OriginPolicy::normalize).filter(o -> o != null).toList();
    }

    @Override
    public CompletionStage<Decision> check(EngineRequest request) {
        return CompletableFuture.completedFuture(decide(request.header("origin"), request.header("host"), request.secure()));
    }

    /** The decision for an {@code Origin} header value given the request's Host and scheme. */
    Decision decide(String origin, String host, boolean secure) {
        if (origin == null || any) {
            return Decision.allow();
        }
        String normalized = normalize(origin);
        if (normalized == null) {
            return Decision.deny("malformed origin");
        }
        if (host != null && normalized.equals(normalize((secure ? "https://" : "http://") + host.trim()))) {
            return Decision.allow();
        }
        if (allowed.contains(normalized)) {
            return Decision.allow();
        }
        return Decision.deny("origin not allowed");
    }

    /** {@code scheme://host:port} in lower case with the default port made explicit, or null. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == -1) {
                port = switch (scheme) {
                    case "http" -> 80;
                    case "https" -> 443;
                    default -> -1;
                };
            }
            if (port == -1) {
                return null;
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
