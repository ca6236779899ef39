// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.testsupport.TestCertificates;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connecting by host name with the runtime's real asynchronous resolver ("localhost" comes from
 * /etc/hosts, so no query leaves the machine) over polling, websocket and TLS; and SECURITY-CASES
 * row 57 still checks the certificate against the name in the URL, not the address it resolved to.
 */
class HostNameConnectTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static TestCertificates forName;
    private static TestCertificates forAddress;

    private ClientRuntime runtime;
    private Socket socket;
    private FakeEngineServer polling;
    private WebSocketEngineServer websocket;

    @BeforeAll
    static void certificates() throws Exception {
        forName = TestCertificates.generate(dir, "localhost", "dns:localhost");
        forAddress = TestCertificates.generate(dir, "loopback-address", "ip:127.0.0.1");
    }

    @BeforeEach
    void start() {
        runtime = ClientRuntime.create(1);
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.io().shutdown().get(5, TimeUnit.SECONDS);
        }
        runtime.close();
        if (polling != null) {
            polling.close();
        }
        if (websocket != null) {
            websocket.close();
        }
    }

    /** A server of {@code transport}'s kind (TLS when {@code tls} is not null); its URL with {@code host}. */
    private URI server(Transport transport, TestCertificates tls, String host) throws Exception {
        int port;
        if (transport == Transport.POLLING) {
            polling = new FakeEngineServer(FakeEngineServer::acceptConnect, tls == null ? null : tls.jdkServerContext());
            port = polling.port();
        } else {
            websocket = new WebSocketEngineServer(false, tls == null ? null : tls.nettyServerContext());
            port = URI.create(websocket.url()).getPort();
        }
        return URI.create((tls == null ? "http://" : "https://") + host + ":" + port);
    }

    private Socket connect(URI url, Transport transport, SSLContext trust) {
        return configure(url, transport, trust).connect();
    }

    private Socket configure(URI url, Transport transport, SSLContext trust) {
        ClientOptions.Builder b = ClientOptions.builder().runtime(runtime).forceNew(true).reconnection(false)
                .autoConnect(false).transports(transport);
        if (trust != null) {
            b.sslContext(trust);
        }
        socket = IO.socket(url, b.build());
        return socket;
    }

    @Test
    void theRuntimeResolvesWithNettysAsynchronousDnsClient() {
        assertThat(runtime.loops().resolvers()).isInstanceOf(DnsAddressResolverGroup.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void connectsToLocalhostByName(Transport transport) throws Exception {
        Socket s = connect(server(transport, null, "localhost"), transport, null);
        await().atMost(WAIT).until(s::connected);
        assertThat(s.io().transport()).isEqualTo(transport == Transport.POLLING ? "polling" : "websocket");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void connectsOverTlsToLocalhostByNameWithACertificateForThatName(Transport transport) throws Exception {
        Socket s = connect(server(transport, forName, "localhost"), transport, forName.trustingClientContext());
        await().atMost(WAIT).until(s::connected);
        s.emit("over-tls", "ü");
        if (transport == Transport.POLLING) {
            await().atMost(WAIT).until(() -> polling.received.contains("2[\"over-tls\",\"ü\"]"));
        } else {
            await().atMost(WAIT).until(() -> websocket.received.stream().anyMatch(r -> r.text().equals("42[\"over-tls\",\"ü\"]")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void aCertificateForTheResolvedAddressOnlyDoesNotPassForTheName(Transport transport) throws Exception {
        Socket s = configure(server(transport, forAddress, "localhost"), transport, forAddress.trustingClientContext());
        ConnectError e = connectError(s);
        assertThat(e).hasRootCauseInstanceOf(CertificateException.class);
        assertThat(causeChainHas(e, SSLHandshakeException.class)).as("cause chain of %s", e).isTrue();
        assertThat(s.connected()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void theSameCertificatePassesWhenTheUrlNamesTheAddress(Transport transport) throws Exception {
        // the control for the test above: the certificate and trust are fine, only the name differs
        Socket s = connect(server(transport, forAddress, "127.0.0.1"), transport, forAddress.trustingClientContext());
        await().atMost(WAIT).until(s::connected);
    }

    @Test
    void aCertificateForTheNameDoesNotPassForTheAddress() throws Exception {
        Socket s = configure(server(Transport.WEBSOCKET, forName, "127.0.0.1"), Transport.WEBSOCKET,
                forName.trustingClientContext());
        assertThat(connectError(s)).hasRootCauseInstanceOf(CertificateException.class);
    }

    /** Connects {@code s} and returns its first connect_error. */
    private static ConnectError connectError(Socket s) throws Exception {
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        s.once("connect_error", error::complete);
        s.connect();
        return (ConnectError) error.get(WAIT.toSeconds(), TimeUnit.SECONDS)[0];
    }

    private static boolean causeChainHas(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
