// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.server.SocketIoServer;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real server on 127.0.0.1:0 guarded by a {@link JwtAuth}, real sio4j clients, and everything
 * closed after each test. Tokens are issued relative to now with margins of seconds to hours.
 */
abstract class AuthTestBase {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final byte[] SECRET = TestTokens.secret(32);

    protected SocketIoServer io;
    protected JwtAuth auth;
    protected int port;
    private final List<dev.sio4j.client.Socket> clients = new ArrayList<>();

    protected SocketIoServer start(JwtAuth guard, Consumer<SocketIoServer.Builder> config) {
        SocketIoServer.Builder b = SocketIoServer.builder();
        config.accept(b);
        io = b.build();
        auth = guard;
        io.use(guard);
        return io;
    }

    protected void listen() {
        try {
            port = io.listen("127.0.0.1", 0).getPort();
        } catch (java.net.BindException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JwtAuth secretAuth(Duration skew) {
        return JwtAuth.builder().keys(JwtKeys.secret(SECRET)).clockSkew(skew).build();
    }

    static String token(String sub, Instant exp) {
        return TestTokens.hmac(JWSAlgorithm.HS256, SECRET, TestTokens.claims(sub, exp).claim("name", sub.toUpperCase(java.util.Locale.ROOT)).build());
    }

    static String validToken(String sub) {
        return token(sub, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A client of namespace {@code ns} (path and query of {@code pathAndQuery}), not yet connected. */
    protected dev.sio4j.client.Socket client(String pathAndQuery, Consumer<ClientOptions.Builder> options) {
        ClientOptions.Builder b = ClientOptions.builder().autoConnect(false).reconnection(false)
                .transports(ClientOptions.Transport.WEBSOCKET);
        options.accept(b);
        dev.sio4j.client.Socket s = IO.socket(URI.create("http://127.0.0.1:" + port + pathAndQuery), b.build());
        clients.add(s);
        return s;
    }

    protected dev.sio4j.client.Socket clientWithToken(String token) {
        return client("/", o -> o.auth(Map.of("token", token)));
    }

    /** Connects and completes with the connect_error, or fails if the socket connects. */
    static CompletableFuture<ConnectError> refusedOn(dev.sio4j.client.Socket s) {
        CompletableFuture<ConnectError> error = new CompletableFuture<>();
        s.on("connect_error", args -> error.complete((ConnectError) args[0]));
        s.on("connect", () -> error.completeExceptionally(new AssertionError("connected")));
        s.connect();
        return error;
    }

    /** Connects and completes once connected, or fails on connect_error. */
    static CompletableFuture<Void> connectedOn(dev.sio4j.client.Socket s) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        s.on("connect", () -> connected.complete(null));
        s.on("connect_error", args -> connected.completeExceptionally((ConnectError) args[0]));
        s.connect();
        return connected;
    }

    static String reasonOf(ConnectError e) {
        return e.data() == null ? null : e.data().path("reason").asText(null);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (dev.sio4j.client.Socket c : clients) {
            c.io().shutdown().get(10, TimeUnit.SECONDS);
        }
        if (io != null) {
            io.closeAsync().get(10, TimeUnit.SECONDS);
        }
        if (auth != null) {
            auth.close();
        }
    }
}
