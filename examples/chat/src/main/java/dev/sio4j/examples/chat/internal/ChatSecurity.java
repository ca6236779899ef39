// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import dev.sio4j.auth.JwksOptions;
import dev.sio4j.auth.JwtAuth;
import dev.sio4j.auth.JwtKeys;
import dev.sio4j.engine.ConnectionLimits;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.TlsOptions;
import dev.sio4j.examples.chat.ChatConfig;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketLimits;

/**
 * Turns the chat's security flags into the library's options: TLS from PEM files, the JWT
 * middleware, and the two limits the command line sets. Stateless and thread-safe.
 */
public final class ChatSecurity {

    private ChatSecurity() {
    }

    /** Adds TLS and the limits {@code config} asks for to {@code options}; what it does not ask for keeps the defaults. */
    public static void apply(ChatConfig config, ServerOptions.Builder options) {
        if (config.tls() != null) {
            options.tls(TlsOptions.pem(config.tls().certificateChain(), config.tls().privateKey()));
        }
        if (config.maxConnectionsPerIp() > 0) {
            // Given explicitly, the limit is meant for every client, including those on this machine.
            options.connectionLimits(ConnectionLimits.defaults().toBuilder()
                    .maxConnectionsPerIp(config.maxConnectionsPerIp())
                    .limitLoopback(true)
                    .build());
        }
        if (config.maxEventsPerSecond() > 0) {
            // Dropped events reach the socket's error listeners; the client stays connected.
            options.socketLimits(SocketLimits.defaults().toBuilder()
                    .eventsPerSecond(RateLimit.perSecond(config.maxEventsPerSecond()))
                    .build());
        }
    }

    /** The JWT middleware {@code jwt} describes; the caller closes it after the server. */
    public static JwtAuth jwtAuth(ChatConfig.Jwt jwt) {
        JwtKeys keys = jwt.secret() != null ? JwtKeys.secret(jwt.secret())
                : JwtKeys.jwks(JwksOptions.builder(jwt.jwksUrl()).build());
        JwtAuth.Builder b = JwtAuth.builder().keys(keys).clockSkew(jwt.clockSkew());
        if (jwt.issuer() != null) {
            b.issuer(jwt.issuer());
        }
        if (jwt.audience() != null) {
            b.audience(jwt.audience());
        }
        return b.build();
    }
}
