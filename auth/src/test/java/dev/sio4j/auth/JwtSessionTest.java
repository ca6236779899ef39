// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Manager;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.Socket;
import dev.sio4j.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session after admission: a token that expires mid-session ends it (row 52), a session
 * restored by connection state recovery never outlives its token nor changes hands, and a JWKS
 * fetch never holds up the connection's event loop.
 */
class JwtSessionTest extends AuthTestBase {

    private final List<Socket> connected = new CopyOnWriteArrayList<>();
    private final List<String> serverReasons = new CopyOnWriteArrayList<>();

    private void startServer(JwtAuth guard, boolean recovery) {
        start(guard, b -> {
            if (recovery) {
                b.connectionStateRecovery(ConnectionStateRecovery.defaults());
            }
        });
        io.on("connection", s -> {
            connected.add(s);
            s.on("disconnect", (JsonNode r) -> serverReasons.add(r.asText()));
        });
        listen();
    }

    @Test
    void row52_aTokenThatExpiresDuringTheSessionEndsIt() throws Exception {
        startServer(secretAuth(Duration.ZERO), false);
        // exp has whole seconds: this token lives between 1 and 2 seconds
        dev.sio4j.client.Socket s = clientWithToken(token("alice", Instant.now().plusSeconds(2)));
        CompletableFuture<String> clientReason = new CompletableFuture<>();
        s.on("disconnect", args -> clientReason.complete(String.valueOf(args[0])));
        dev.sio4j.client.Socket healthy = clientWithToken(validToken("bob"));
        assertThat(connectedOn(s)).succeedsWithin(WAIT);
        assertThat(connectedOn(healthy)).succeedsWithin(WAIT);

        assertThat(clientReason).succeedsWithin(WAIT).isEqualTo("io server disconnect");
        await().until(() -> serverReasons.contains("server namespace disconnect"));
        assertThat(healthy.connected()).isTrue();
        assertThat(io.of("/").sockets()).hasSize(1);
    }

    /** A client through a proxy the test can cut, with recovery, whose token the test changes. */
    private record Recovering(dev.sio4j.client.Socket socket, AtomicReference<String> token, TcpProxy proxy) {
    }

    private Recovering recoveringClient(String firstToken) throws Exception {
        TcpProxy proxy = new TcpProxy(port);
        AtomicReference<String> token = new AtomicReference<>(firstToken);
        dev.sio4j.client.Socket s = IO.socket(URI.create("http://127.0.0.1:" + proxy.port()), ClientOptions.builder()
                .transports(ClientOptions.Transport.WEBSOCKET).reconnectionDelay(Duration.ofMillis(50))
                .reconnectionDelayMax(Duration.ofMillis(200)).auth(() -> Map.of("token", token.get())).build());
        closeAfter(s, proxy);
        await().atMost(WAIT).until(s::connected);
        // an event with an offset: what the client sends back to recover
        io.emit("tick", 1);
        CompletableFuture<Void> got = new CompletableFuture<>();
        s.on("tick", args -> got.complete(null));
        io.emit("tick", 2);
        assertThat(got).succeedsWithin(WAIT);
        return new Recovering(s, token, proxy);
    }

    private final List<AutoCloseable> extra = new CopyOnWriteArrayList<>();

    private void closeAfter(dev.sio4j.client.Socket s, TcpProxy proxy) {
        extra.add(() -> s.io().shutdown().get(10, TimeUnit.SECONDS));
        extra.add(proxy);
    }

    @org.junit.jupiter.api.AfterEach
    void closeExtra() throws Exception {
        for (AutoCloseable c : extra) {
            c.close();
        }
    }

    @Test
    void recoveryWithAnExpiredTokenIsRefusedAndTheSessionIsGone() throws Exception {
        startServer(secretAuth(Duration.ZERO), true);
        Recovering c = recoveringClient(validToken("alice"));
        String id = c.socket().id();
        CompletableFuture<dev.sio4j.client.ConnectError> refused = new CompletableFuture<>();
        c.socket().on("connect_error", args -> refused.complete((dev.sio4j.client.ConnectError) args[0]));

        c.token().set(token("alice", Instant.now().minus(Duration.ofMinutes(5))));
        c.proxy().cutAll();
        assertThat(refused).succeedsWithin(WAIT).satisfies(e -> assertThat(reasonOf(e)).isEqualTo("token_expired"));
        assertThat(connected).as("nothing was restored").hasSize(1);
        assertThat(io.refusals().count(RefusalCause.AUTH)).isEqualTo(1);

        c.token().set(validToken("alice"));
        c.socket().connect();
        await().atMost(WAIT).until(() -> connected.size() == 2);
        assertThat(connected.get(1).recovered()).as("a refused recovery does not come back later").isFalse();
        assertThat(connected.get(1).id()).isNotEqualTo(id);
    }

    @Test
    void recoveryWithAFreshTokenRestoresTheSessionUntilTheNewExpiry() throws Exception {
        startServer(secretAuth(Duration.ZERO), true);
        Recovering c = recoveringClient(validToken("alice"));
        String id = c.socket().id();
        Instant later = Instant.now().plus(Duration.ofHours(2));
        c.token().set(token("alice", later));
        c.proxy().cutAll();
        await().atMost(WAIT).until(() -> connected.size() == 2);
        Socket restored = connected.get(1);
        assertThat(restored.recovered()).isTrue();
        assertThat(restored.id()).isEqualTo(id);
        assertThat(restored.identity()).isEqualTo("alice");
        assertThat(JwtPrincipal.of(restored).orElseThrow().expiresAt()).isEqualTo(later.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void aRecoveredSessionDoesNotChangeHands() throws Exception {
        startServer(secretAuth(Duration.ZERO), true);
        Recovering c = recoveringClient(validToken("alice"));
        CompletableFuture<dev.sio4j.client.ConnectError> refused = new CompletableFuture<>();
        c.socket().on("connect_error", args -> refused.complete((dev.sio4j.client.ConnectError) args[0]));
        c.token().set(validToken("mallory"));
        c.proxy().cutAll();
        assertThat(refused).succeedsWithin(WAIT).satisfies(e -> assertThat(reasonOf(e)).isEqualTo("invalid_token"));
        assertThat(connected).hasSize(1);
    }

    @Test
    void aJwksFetchNeverHoldsUpTheConnectionsEventLoop() throws Exception {
        try (JwksServer jwks = new JwksServer()) {
            java.security.KeyPair key = TestTokens.ec("secp256r1");
            jwks.publish(TestTokens.jwk(key, "k1"));
            startServer(JwtAuth.builder().keys(JwtKeys.jwks(jwks.uri())).issuer("https://id.example").audience("chat").build(), false);
            io.of("/open").on("connection", s -> { });
            jwks.hold();

            Manager m = IO.manager(URI.create("http://127.0.0.1:" + port), ClientOptions.builder()
                    .transports(ClientOptions.Transport.WEBSOCKET).build());
            extra.add(() -> m.shutdown().get(10, TimeUnit.SECONDS));
            String t = TestTokens.signed(key, "k1", TestTokens.claims("alice", Instant.now().plus(Duration.ofHours(1)))
                    .issuer("https://id.example").audience("chat").build());
            dev.sio4j.client.Socket guarded = m.socket("/", ClientOptions.builder().auth(Map.of("token", t)).build());
            assertThat(jwks.awaitHeld()).as("the JWKS fetch is under way").isTrue();
            dev.sio4j.client.Socket open = m.socket("/open");
            // the same connection, so the same event loop: it answers while the fetch waits
            await().atMost(WAIT).until(open::connected);
            assertThat(guarded.connected()).isFalse();

            jwks.release();
            await().atMost(WAIT).until(guarded::connected);
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(th -> th.getName().startsWith("sio4j-jwt-"));
            io.closeAsync().get(10, TimeUnit.SECONDS);
            auth.close();
            await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(th -> th.getName().startsWith("sio4j-jwt-") && th.isAlive()));
        }
    }
}
