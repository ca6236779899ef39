// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.Set;
import javax.net.ssl.SSLEngine;

/**
 * TLS 1.2+ only, whatever the user's {@link SslContext} would allow: SSL, TLS 1.0 and 1.1 are
 * switched off on every connection (DESIGN: never netty-socketio's "TLSv1" default). Stateless;
 * thread-safe. Public only so that {@code EngineOptions} can validate a context at build time.
 */
public final class Tls {

    private static final Set<String> ALLOWED = Set.of("TLSv1.2", "TLSv1.3");

    private Tls() {
    }

    /**
     * Checks that {@code context} is a server context that can speak TLS 1.2 or 1.3.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static void validate(SslContext context) {
        if (!context.isServer()) {
            throw new IllegalArgumentException("sslContext must be a server context");
        }
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        try {
            if (allowed(engine.getEnabledProtocols()).length == 0) {
                throw new IllegalArgumentException("sslContext must enable TLSv1.2 or TLSv1.3, not only "
                        + Arrays.toString(engine.getEnabledProtocols()));
            }
        } finally {
            ReferenceCountUtil.release(engine); // OpenSSL engines are reference-counted
        }
    }

    /** A handler for one connection, restricted to TLS 1.2 and 1.3. */
    static SslHandler newHandler(SslContext context, ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        SSLEngine engine = handler.engine();
        engine.setEnabledProtocols(allowed(engine.getEnabledProtocols()));
        return handler;
    }

    static String[] allowed(String[] protocols) {
        return Arrays.stream(protocols).filter(ALLOWED::contains).toArray(String[]::new);
    }
}
