// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CorsOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Applies {@link CorsOptions} to responses the way the {@code cors} npm module does (which is
 * what engine.io uses), except that an Origin is echoed only when it is allowed. Null options
 * mean CORS is off: nothing is added. Immutable and thread-safe.
 */
final class Cors {

    private final CorsOptions options;

    Cors(CorsOptions options) {
        this.options = options;
    }

    boolean enabled() {
        return options != null;
    }

    /** Adds the headers of a simple (non-preflight) response. */
    void applySimple(String origin, HttpHeaders out) {
        if (options == null) {
            return;
        }
        applyOrigin(origin, out);
        if (options.credentials()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (!options.exposedHeaders().isEmpty()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(",", options.exposedHeaders()));
        }
    }

    /** Adds the headers of a preflight (OPTIONS) response. */
    void applyPreflight(String origin, HttpHeaders requestHeaders, HttpHeaders out) {
        if (options == null) {
            return;
        }
        applyOrigin(origin, out);
        if (options.credentials()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, options.methodsHeader());
        if (options.allowedHeaders() != null) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", options.allowedHeaders()));
        } else {
            String asked = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            if (asked != null && !RequestVerifier.hasInvalidHeaderChar(asked)) {
                out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
                out.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            }
        }
        if (options.maxAge() != null) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(options.maxAge().toSeconds()));
        }
    }

    private void applyOrigin(String origin, HttpHeaders out) {
        if (options.isAnyOrigin()) { // never with credentials: CorsOptions refuses that
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            return;
        }
        out.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        if (origin != null && options.isAllowed(origin) && !RequestVerifier.hasInvalidHeaderChar(origin)) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }
}
