// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.auth.JwtRefusal;
import dev.sio4j.server.Handshake;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the token of a connection: the CONNECT {@code auth} payload's {@code token} first (what
 * the official client's {@code auth: {token}} sends, and asks again on every reconnection), then
 * the handshake's {@code Authorization: Bearer} header, then, only when the application allows
 * it, a query parameter (query strings end up in access logs).
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenReader {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+)\\s*");

    private final String queryParameter;

    /** {@code queryParameter}: the query parameter to read as a last resort, or null for none. */
    public TokenReader(String queryParameter) {
        this.queryParameter = queryParameter;
    }

    /**
     * The token.
     *
     * @throws TokenRejectedException {@link JwtRefusal#MISSING_TOKEN} when there is none,
     *         {@link JwtRefusal#INVALID_TOKEN} when one is there but cannot be a token
     */
    public String read(Handshake handshake) throws TokenRejectedException {
        JsonNode fromAuth = handshake.auth().get("token");
        if (fromAuth != null && !fromAuth.isNull()) {
            if (!fromAuth.isTextual()) {
                throw new TokenRejectedException(JwtRefusal.INVALID_TOKEN, "an auth token that is not a string");
            }
            if (!fromAuth.asText().isEmpty()) {
                return fromAuth.asText();
            }
        }
        List<String> authorization = handshake.headers().get("authorization");
        if (authorization != null && !authorization.isEmpty()) {
            if (authorization.size() > 1) {
                throw new TokenRejectedException(JwtRefusal.INVALID_TOKEN, "several Authorization headers");
            }
            Matcher m = BEARER.matcher(authorization.get(0).trim());
            if (m.matches()) {
                return m.group(1);
            }
            // another scheme (Basic...) is not for this middleware: look further
        }
        if (queryParameter != null) {
            List<String> values = handshake.query().get(queryParameter);
            if (values != null && values.size() > 1) {
                throw new TokenRejectedException(JwtRefusal.INVALID_TOKEN, "several token query parameters");
            }
            if (values != null && !values.get(0).isEmpty()) {
                return values.get(0);
            }
        }
        throw new TokenRejectedException(JwtRefusal.MISSING_TOKEN, "no token");
    }
}
