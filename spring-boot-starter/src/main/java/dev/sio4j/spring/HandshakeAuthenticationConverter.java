// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Socket;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the credentials of a socket's handshake as a Spring Security {@link Authentication}
 * request, for {@link SpringSecurityMiddleware} to authenticate. A bean of this type replaces
 * the {@link #basic()} default, e.g. for bearer tokens with Spring's OAuth2 resource server:
 *
 * <pre>{@code
 * @Bean
 * HandshakeAuthenticationConverter bearer() {
 *     return socket -> {
 *         String token = socket.handshake().auth().path("token").asText(null);
 *         return token == null ? null : new BearerTokenAuthenticationToken(token);
 *     };
 * }
 * }</pre>
 *
 * <p>Called on the socket's listener executor; must not block. Implementations are thread-safe.
 */
@FunctionalInterface
public interface HandshakeAuthenticationConverter {

    /**
     * The authentication request of {@code socket}'s handshake, or null when it brought no
     * credentials (the socket is then refused with {@code "unauthorized"}).
     *
     * @throws IllegalArgumentException for malformed credentials (refused the same way)
     */
    Authentication convert(Socket socket);

    /**
     * User name and password, from the CONNECT packet's {@code auth} object
     * ({@code {"username": "...", "password": "..."}}, what a browser can send over any
     * transport), else from the handshake's {@code Authorization: Basic} header; as an
     * unauthenticated {@link UsernamePasswordAuthenticationToken}.
     */
    static HandshakeAuthenticationConverter basic() {
        return socket -> {
            JsonNode auth = socket.handshake().auth();
            if (auth.path("username").isTextual() && auth.path("password").isTextual()) {
                return UsernamePasswordAuthenticationToken.unauthenticated(auth.get("username").asText(), auth.get("password").asText());
            }
            String header = socket.handshake().header("authorization");
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a Basic Authorization header without a colon");
            }
            return UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon), decoded.substring(colon + 1));
        };
    }
}
