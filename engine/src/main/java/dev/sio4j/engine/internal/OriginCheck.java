// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CorsOptions;
import dev.sio4j.engine.EngineOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which browser pages may use the endpoint, decided on every Engine.IO request (polling and
 * upgrade alike: a WebSocket is not protected by CORS, so without this any site could open one
 * in a visitor's browser, with the visitor's cookies). Allowed: a request without {@code Origin}
 * (not a browser) unless {@code requireOrigin}; a page of the request's own origin (scheme, host
 * and port from {@code Host}, or from a trusted proxy); the CORS allow-list; anything with
 * {@code allowAnyOrigin} or CORS for any origin. Immutable and thread-safe.
 */
final class OriginCheck {

    /** Why a request was refused, as the {@code name} of a connection error's context. */
    static final String REQUIRED = "ORIGIN_REQUIRED";
    static final String NOT_ALLOWED = "ORIGIN_NOT_ALLOWED";

    private final CorsOptions cors;
    private final boolean any;
    private final boolean requireOrigin;

    OriginCheck(EngineOptions options) {
        this.cors = options.cors();
        this.any = options.allowAnyOrigin() || (cors != null && cors.isAnyOrigin());
        this.requireOrigin = options.requireOrigin();
    }

    /** Whether every origin passes (the check is off). */
    boolean allowsAny() {
        return any;
    }

    /**
     * Null when a request with {@code origin} (null when absent) to {@code host} ({@code secure}:
     * over TLS) may proceed, else why not ({@link #REQUIRED} or {@link #NOT_ALLOWED}).
     */
    String refusal(String origin, boolean secure, String host) {
        if (origin == null) {
            return requireOrigin ? REQUIRED : null;
        }
        if (any || (cors != null && cors.isAllowed(origin))) {
            return null;
        }
        String page = normalize(origin);
        if (page != null && host != null && page.equals(normalize((secure ? "https://" : "http://") + host.trim()))) {
            return null;
        }
        return NOT_ALLOWED;
    }

    /** {@code scheme://host:port} in lower case with the default port made explicit, or null when malformed. */
    static String normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return null;
        }
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
        return port == -1 ? null : scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
