// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.client.ClientOptions.Transport;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The TLS engine the client makes: TLS 1.2+ only, SNI host, host name verification unless insecureTrustAll. */
class ConnectorTest {

    private static EngineConfig config(SSLContext ctx, boolean insecureTrustAll) {
        return new EngineConfig(true, "example.com", 443, "/socket.io/", Map.of(), Map.of(),
                List.of(Transport.POLLING, Transport.WEBSOCKET), true, ctx, insecureTrustAll, 1 << 20, 100, 1000, false, -1,
                null);
    }

    @Test
    void onlyTls12AndTls13AreEnabledEvenWhenTheContextAllowsOlderOnes() throws Exception {
        SSLContext legacy = SSLContext.getInstance("TLS");
        legacy.init(null, null, null);
        SSLEngine engine = Connector.newEngine(config(legacy, false));
        assertThat(engine.getEnabledProtocols()).isNotEmpty().allMatch(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3"));
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("example.com");
        assertThat(engine.getPeerPort()).isEqualTo(443);
    }

    @Test
    void hostnameVerificationIsOnUnlessInsecureTrustAllIsSpelledOut() throws Exception {
        assertThat(Connector.newEngine(config(null, false)).getSSLParameters().getEndpointIdentificationAlgorithm())
                .isEqualTo("HTTPS");
        SSLEngine insecure = Connector.newEngine(config(null, true));
        assertThat(insecure.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        assertThat(insecure.getEnabledProtocols()).allMatch(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3"));
    }
}
