// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;

/** Every TLS connection is restricted to TLS 1.2 and 1.3, whatever the context enables. */
class TlsProtocolsTest {

    @Test
    void olderProtocolsAreSwitchedOffPerConnection() throws Exception {
        // A client context is enough to look at what a handler enables; the filter is the same.
        SslContext ctx = SslContextBuilder.forClient().protocols("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3").build();
        SslHandler handler = Tls.newHandler(ctx, ByteBufAllocator.DEFAULT);
        try {
            assertThat(handler.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        } finally {
            io.netty.util.ReferenceCountUtil.release(handler.engine());
        }
        assertThat(Tls.allowed(new String[] {"SSLv3", "TLSv1", "TLSv1.1"})).isEmpty();
        assertThat(Tls.allowed(new String[] {"TLSv1.3"})).containsExactly("TLSv1.3");
    }
}
