// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.server.ServerOptions;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.TestCertificates;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client over TLS against a sio4j server with a certificate made at test time: wss and
 * https polling round trips with a custom SSLContext, and SECURITY-CASES row 57 (a certificate
 * for another host name, or one nobody trusts, fails the handshake unless {@code insecureTrustAll}
 * is spelled out).
 */
class TlsClientTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static TestCertificates good;
    private static TestCertificates otherHost;

    private SocketIoServer io;
    private ClientRuntime runtime;
    private Socket socket;

    @BeforeAll
    static void certificates() throws Exception {
        good = TestCertificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        otherHost = TestCertificates.generate(dir, "other.example", "dns:other.example");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.io().close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (io != null) {
            io.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    private URI start(SslContext tls) throws Exception {
        return start(ServerOptions.builder().configureEngine(e -> e.sslContext(tls)).build());
    }

    private URI start(ServerOptions options) throws Exception {
        io = SocketIoServer.create(options);
        io.on("connection", s -> s.on("echo", (JsonNode arg, dev.sio4j.server.Ack ack) -> ack.send(arg)));
        int port = io.listen("127.0.0.1", 0).getPort();
        runtime = ClientRuntime.create(1);
        return URI.create("https://127.0.0.1:" + port);
    }

    private ClientOptions.Builder options() {
        return ClientOptions.builder().runtime(runtime).forceNew(true).reconnection(false);
    }

    enum Mode { POLLING, WEBSOCKET, UPGRADE }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aRoundTripOverTlsWithACustomSslContext(Mode mode) throws Exception {
        URI url = start(good.nettyServerContext());
        ClientOptions.Builder b = options().sslContext(good.trustingClientContext());
        if (mode == Mode.POLLING) {
            b.transports(Transport.POLLING);
        } else if (mode == Mode.WEBSOCKET) {
            b.transports(Transport.WEBSOCKET);
        }
        socket = IO.socket(url, b.build());
        await().atMost(WAIT).until(socket::connected);
        JsonNode reply = socket.emitWithAck("echo", Map.of("bin", new byte[] {7, 8}, "s", "ü")).get(10, TimeUnit.SECONDS);
        assertThat(reply.path("bin").binaryValue()).containsExactly(7, 8);
        assertThat(reply.path("s").asText()).isEqualTo("ü");
        if (mode == Mode.UPGRADE) {
            await().atMost(WAIT).until(() -> "websocket".equals(socket.io().transport()));
            assertThat(socket.emitWithAck("echo", "after").get(10, TimeUnit.SECONDS).asText()).isEqualTo("after");
        } else {
            assertThat(socket.io().transport()).isEqualTo(mode == Mode.POLLING ? "polling" : "websocket");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"POLLING", "WEBSOCKET"})
    void theServerTakesTheSameJdkSslContextTypeAsTheClient(Mode mode) throws Exception {
        URI url = start(ServerOptions.builder().sslContext(good.jdkServerContext()).build());
        socket = IO.socket(url, options().sslContext(good.trustingClientContext())
                .transports(mode == Mode.POLLING ? Transport.POLLING : Transport.WEBSOCKET).build());
        await().atMost(WAIT).until(socket::connected);
        assertThat(socket.emitWithAck("echo", "jdk").get(10, TimeUnit.SECONDS).asText()).isEqualTo("jdk");
        assertThatThrownBy(() -> ServerOptions.builder().sslContext(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTls12OnlyClientStillConnects() throws Exception {
        URI url = start(good.nettyServerContext());
        socket = IO.socket(url, options().sslContext(good.trustingClientContext("TLSv1.2"))
                .transports(Transport.WEBSOCKET).build());
        await().atMost(WAIT).until(socket::connected);
        assertThat(socket.emitWithAck("echo", 1).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"POLLING", "WEBSOCKET"})
    void aCertificateForAnotherHostFailsTheHandshakeByDefault(Mode mode) throws Exception {
        URI url = start(otherHost.nettyServerContext());
        socket = IO.socket(url, options().sslContext(otherHost.trustingClientContext()).autoConnect(false)
                .transports(mode == Mode.POLLING ? Transport.POLLING : Transport.WEBSOCKET).build());
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        socket.once("connect_error", error::complete);
        socket.connect();
        ConnectError e = (ConnectError) error.get(10, TimeUnit.SECONDS)[0];
        assertThat(e).hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        assertThat(causeChainHas(e, SSLHandshakeException.class)).as("cause chain of %s", e).isTrue();
        assertThat(socket.connected()).isFalse();
        assertThat(io.clientsCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"POLLING", "WEBSOCKET"})
    void insecureTrustAllAcceptsACertificateForAnotherHostThatNobodyTrusts(Mode mode) throws Exception {
        URI url = start(otherHost.nettyServerContext());
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            socket = IO.socket(url, options().insecureTrustAll(true)
                    .transports(mode == Mode.POLLING ? Transport.POLLING : Transport.WEBSOCKET).build());
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).as("a warning when the manager is made")
                .contains("insecureTrustAll is on for 127.0.0.1");
        await().atMost(WAIT).until(socket::connected);
        assertThat(socket.emitWithAck("echo", "ok").get(10, TimeUnit.SECONDS).asText()).isEqualTo("ok");
    }

    @Test
    void anUntrustedCertificateForTheRightHostFails() throws Exception {
        URI url = start(good.nettyServerContext());
        // trusts only the other certificate: the chain is not trusted, though it names the host
        socket = IO.socket(url, options().sslContext(otherHost.trustingClientContext())
                .autoConnect(false).build());
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        socket.once("connect_error", error::complete);
        socket.connect();
        ConnectError e = (ConnectError) error.get(10, TimeUnit.SECONDS)[0];
        assertThat(causeChainHas(e, SSLHandshakeException.class)).as("cause chain of %s", e).isTrue();
        assertThat(socket.connected()).isFalse();
    }

    @Test
    void theJvmDefaultTrustRejectsASelfSignedCertificate() throws Exception {
        URI url = start(good.nettyServerContext());
        socket = IO.socket(url, options().autoConnect(false).build());
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        socket.once("connect_error", error::complete);
        socket.connect();
        ConnectError e = (ConnectError) error.get(10, TimeUnit.SECONDS)[0];
        assertThat(causeChainHas(e, SSLHandshakeException.class)).as("cause chain of %s", e).isTrue();
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
