// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.examples.chat.internal.DevTokens;
import dev.sio4j.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat with its security flags, through the sio4j client: over https/wss with an HS256
 * secret (names instead of ids, refusals with their reasons, both namespaces guarded, the
 * session ended when the token expires), and the two limits the command line sets, which apply
 * to loopback once given. The browser side of the same is {@link ChatSecureBrowserTest}.
 */
class ChatSecureTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SECRET = "a development secret of at least 32 bytes";

    @TempDir
    Path dir;

    private ChatServer chat;
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : clients) {
            s.io().shutdown().get(10, TimeUnit.SECONDS);
        }
        if (chat != null) {
            chat.close();
        }
    }

    private SSLContext startTlsJwtChat(Duration skew) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        certs.writePem(cert, key);
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0)
                .tls(new ChatConfig.Tls(cert, key))
                .jwt(ChatConfig.Jwt.secret(SECRET).withClockSkew(skew))
                .build());
        return certs.trustingClientContext();
    }

    private Socket client(String nsp, SSLContext tls, String token) {
        // forceNew: every client its own connection, as separate users have
        ClientOptions.Builder o = ClientOptions.builder().autoConnect(false).reconnection(false).forceNew(true)
                .transports(ClientOptions.Transport.WEBSOCKET);
        if (tls != null) {
            o.sslContext(tls);
        }
        if (token != null) {
            o.auth(Map.of("token", token));
        }
        Socket s = IO.socket(URI.create(chat.url().replace("localhost", "127.0.0.1") + nsp.substring(1)), o.build());
        clients.add(s);
        return s;
    }

    private static String token(String name, Duration ttl) {
        return DevTokens.sign(SECRET, name.toLowerCase(java.util.Locale.ROOT), name, Instant.now(), ttl, null, null);
    }

    private static CompletableFuture<Void> connect(Socket s) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.on("connect", () -> done.complete(null));
        s.on("connect_error", args -> done.completeExceptionally((ConnectError) args[0]));
        s.connect();
        return done;
    }

    private static String refusal(Socket s) throws Exception {
        CompletableFuture<ConnectError> error = new CompletableFuture<>();
        s.on("connect_error", args -> error.complete((ConnectError) args[0]));
        s.on("connect", () -> error.completeExceptionally(new AssertionError("connected")));
        s.connect();
        ConnectError e = error.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(e.getMessage()).isEqualTo("unauthorized");
        return e.data().path("reason").asText();
    }

    private static BlockingQueue<JsonNode> events(Socket s, String event) {
        BlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
        s.on(event, args -> q.add((JsonNode) args[0]));
        return q;
    }

    @Test
    void overWssATokenNamesItsUserInMessagesPresenceAndPrivateMessages() throws Exception {
        SSLContext tls = startTlsJwtChat(Duration.ofSeconds(60));
        assertThat(chat.url()).startsWith("https://");
        Socket alice = client("/", tls, token("Alice", Duration.ofHours(1)));
        BlockingQueue<JsonNode> session = events(alice, "session");
        BlockingQueue<JsonNode> aliceMessages = events(alice, "message");
        BlockingQueue<JsonNode> alicePrivate = events(alice, "privateMessage");
        assertThat(connect(alice)).succeedsWithin(WAIT);
        JsonNode me = session.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(me).isNotNull();
        assertThat(me.path("name").asText()).isEqualTo("Alice");
        assertThat(me.path("sender").asText()).isEqualTo(alice.id());

        Socket bob = client("/", tls, token("Bob", Duration.ofHours(1)));
        assertThat(connect(bob)).succeedsWithin(WAIT);
        CompletableFuture<JsonNode> users = new CompletableFuture<>();
        bob.emit("users:subscribe", (AckCallback) (err, args) -> users.complete(args.get(0)));
        assertThat(users).succeedsWithin(WAIT).satisfies(list -> assertThat(list.findValuesAsText("name"))
                .containsExactlyInAnyOrder("Alice", "Bob"));

        bob.emit("message", "hello");
        JsonNode m = aliceMessages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.path("name").asText()).isEqualTo("Bob");
        assertThat(m.path("sender").asText()).isEqualTo(bob.id());
        assertThat(m.path("message").asText()).isEqualTo("hello");

        // A client cannot claim a name: the server builds the sender from the token.
        bob.emit("privateMessage", Map.of("recipientId", alice.id(), "message", "psst", "name", "Mallory"));
        JsonNode pm = alicePrivate.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(pm).isNotNull();
        assertThat(pm.path("name").asText()).isEqualTo("Bob");
        assertThat(pm.path("message").asText()).isEqualTo("psst");

        Socket bobChat = bob.io().socket("/chat", ClientOptions.builder().autoConnect(false)
                .auth(Map.of("token", token("Bob", Duration.ofHours(1)))).build());
        BlockingQueue<JsonNode> chatMessages = events(bobChat, "message");
        assertThat(connect(bobChat)).succeedsWithin(WAIT);
        bobChat.emit("message", "in /chat");
        JsonNode c = chatMessages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        assertThat(c.path("name").asText()).isEqualTo("Bob");
        assertThat(c.path("message").asText()).isEqualTo("in /chat");
    }

    @Test
    void withoutAValidTokenNeitherNamespaceLetsIn() throws Exception {
        SSLContext tls = startTlsJwtChat(Duration.ZERO);
        assertThat(refusal(client("/", tls, null))).isEqualTo("missing_token");
        assertThat(refusal(client("/chat", tls, null))).isEqualTo("missing_token");
        String forged = DevTokens.sign("another secret, also of 32 bytes or more", "alice", "Alice", Instant.now(),
                Duration.ofHours(1), null, null);
        assertThat(refusal(client("/", tls, forged))).isEqualTo("invalid_token");
        assertThat(refusal(client("/", tls, "not a token"))).isEqualTo("invalid_token");
        String expired = DevTokens.sign(SECRET, "alice", "Alice", Instant.now().minus(Duration.ofHours(2)),
                Duration.ofHours(1), null, null);
        assertThat(refusal(client("/chat", tls, expired))).isEqualTo("token_expired");
    }

    @Test
    void theSessionEndsWhenItsTokenExpires() throws Exception {
        SSLContext tls = startTlsJwtChat(Duration.ZERO);
        // exp has whole seconds: this token lives between 1 and 2 seconds
        Socket s = client("/", tls, token("Carol", Duration.ofSeconds(2)));
        CompletableFuture<String> reason = new CompletableFuture<>();
        s.on("disconnect", args -> reason.complete(String.valueOf(args[0])));
        assertThat(connect(s)).succeedsWithin(WAIT);
        assertThat(reason).succeedsWithin(WAIT).isEqualTo("io server disconnect");
        assertThat(refusal(s)).as("the same token again").isEqualTo("token_expired");
    }

    /**
     * --jwks-url with --jwt-issuer and --jwt-audience: ES256 tokens from a provider whose key set
     * a local HTTP server publishes; a token for another audience is refused.
     */
    @Test
    void aProvidersJwksIssuerAndAudience() throws Exception {
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = gen.generateKeyPair();
        com.nimbusds.jose.jwk.ECKey jwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) pair.getPublic()).keyID("k1").build();
        byte[] jwks = new com.nimbusds.jose.jwk.JWKSet(jwk).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer provider = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (var out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        provider.start();
        try {
            String issuer = "https://id.example/realms/chat";
            chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0)
                    .jwt(new ChatConfig.Jwt(null, URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/certs"),
                            issuer, "chat-web", ChatConfig.Jwt.DEFAULT_CLOCK_SKEW))
                    .build());
            java.util.function.Function<String, String> tokenFor = audience -> {
                try {
                    com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256).keyID("k1").build(),
                            new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("u-1").issuer(issuer).audience(audience)
                                    .claim("preferred_username", "dora")
                                    .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
                    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(
                            (java.security.interfaces.ECPrivateKey) pair.getPrivate()));
                    return jwt.serialize();
                } catch (com.nimbusds.jose.JOSEException e) {
                    throw new IllegalStateException(e);
                }
            };
            Socket dora = client("/", null, tokenFor.apply("chat-web"));
            BlockingQueue<JsonNode> session = events(dora, "session");
            assertThat(connect(dora)).succeedsWithin(WAIT);
            JsonNode me = session.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(me).isNotNull();
            assertThat(me.path("name").asText()).as("preferred_username when there is no name").isEqualTo("dora");
            assertThat(refusal(client("/", null, tokenFor.apply("another-app")))).isEqualTo("invalid_token");
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void maxConnectionsPerIpAppliesToLoopbackOnceGiven() throws Exception {
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).maxConnectionsPerIp(1).build());
        Socket first = client("/", null, null);
        assertThat(connect(first)).succeedsWithin(WAIT);
        Socket second = client("/", null, null);
        CompletableFuture<Void> refused = new CompletableFuture<>();
        second.io().on("error", args -> refused.complete(null));
        second.connect();
        assertThat(refused).succeedsWithin(WAIT);
        assertThat(second.connected()).isFalse();
        assertThat(chat.io().refusals().count(dev.sio4j.engine.RefusalCause.LIMIT)).isEqualTo(1);

        first.disconnect();
        await().atMost(WAIT).until(() -> chat.io().of("/").sockets().isEmpty());
        first.io().shutdown().get(10, TimeUnit.SECONDS);
        Socket third = client("/", null, null);
        // the first's session may take a moment to close after its socket left
        await().atMost(WAIT).untilAsserted(() -> assertThat(connect(third)).succeedsWithin(Duration.ofSeconds(2)));
    }

    @Test
    void maxEventsPerSecondDropsAFloodAndKeepsTheSocket() throws Exception {
        ch.qos.logback.classic.Logger socketLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.sio4j.server.internal.SocketImpl");
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        socketLog.addAppender(logs);
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).maxEventsPerSecond(5).build());
        Socket flooder = client("/", null, null);
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        flooder.on("message", args -> got.add((JsonNode) args[0]));
        assertThat(connect(flooder)).succeedsWithin(WAIT);
        Socket other = client("/chat", null, null);
        assertThat(connect(other)).succeedsWithin(WAIT);
        for (int i = 0; i < 50; i++) {
            flooder.emit("message", "flood " + i);
        }
        // The flooder's own /chat socket shares its connection, so its broadcast comes after
        // everything the / flood let through.
        Socket marker = flooder.io().socket("/chat");
        BlockingQueue<JsonNode> markers = events(marker, "message");
        assertThat(connect(marker)).succeedsWithin(WAIT);
        marker.emit("message", "after the flood");
        assertThat(markers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThat(got).hasSizeBetween(1, 10);
        assertThat(flooder.connected()).isTrue();
        socketLog.detachAppender(logs);
        assertThat(logs.list).as("a client's flood is no flood of warnings")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    }
}
