// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static dev.sio4j.interop.client.NodeServer.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.client.Ack;
import dev.sio4j.protocol.AckException;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.IO;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sio4j client against the official socket.io 4.8 server, behaviours of socket.io-client's suite. */
class NodeServerInteropTest {

    private NodeServer server;
    private ClientRuntime runtime;

    @BeforeEach
    void start() {
        server = new NodeServer("{}");
        runtime = ClientRuntime.create(2);
    }

    @AfterEach
    void stop() {
        runtime.close();
        server.close();
    }

    private ClientOptions.Builder options() {
        return ClientOptions.builder().runtime(runtime).forceNew(true);
    }

    private Socket connect(String nsp, ClientOptions options) {
        Socket s = IO.socket(URI.create(server.url() + nsp), options);
        await().atMost(WAIT).until(s::connected);
        return s;
    }

    private static CompletableFuture<Object[]> next(Socket s, String event) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        s.once(event, f::complete);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void eventsAcksAndBinaryOverEveryTransportMode(String mode) throws Exception {
        ClientOptions.Builder b = options();
        if (mode.equals("polling")) {
            b.transports(Transport.POLLING);
        } else if (mode.equals("websocket")) {
            b.transports(Transport.WEBSOCKET);
        }
        Socket s = connect("", b.build());
        JsonNode conn = server.process().awaitType("connection", WAIT);
        assertThat(conn.path("id").asText()).isEqualTo(s.id());
        assertThat(conn.path("transport").asText()).isEqualTo(mode.equals("websocket") ? "websocket" : "polling");

        assertThat(s.emitWithAck("echo", Map.of("a", List.of(1, "two", true))).get(10, TimeUnit.SECONDS).toString())
                .isEqualTo("{\"a\":[1,\"two\",true]}");
        CompletableFuture<Object[]> hi = next(s, "hi");
        s.emit("hi");
        assertThat(hi).succeedsWithin(WAIT);

        CompletableFuture<Object[]> bin = next(s, "takebin");
        s.emit("getbin");
        assertThat(((JsonNode) bin.get(10, TimeUnit.SECONDS)[0]).binaryValue())
                .isEqualTo("asdfasdf".getBytes(StandardCharsets.UTF_8));

        CompletableFuture<Object[]> jsonbuff = next(s, "jsonbuff-ack");
        s.emit("jsonbuff", Map.of("hello", "lol", "message", "x".getBytes(StandardCharsets.UTF_8), "goodbye", "gotcha"));
        assertThat(jsonbuff).succeedsWithin(WAIT);

        CompletableFuture<Object[]> blobs = next(s, "blob3-ack");
        s.emit("blob1", new byte[] {1});
        s.emit("blob2", "second");
        s.emit("blob3", java.nio.ByteBuffer.wrap(new byte[] {3}));
        assertThat(blobs).succeedsWithin(WAIT);

        List<String> utf8 = new CopyOnWriteArrayList<>();
        s.on("takeUtf8", args -> utf8.add(((JsonNode) args[0]).asText()));
        s.emit("getUtf8");
        await().atMost(WAIT).until(() -> utf8.size() == 5);
        assertThat(utf8).containsExactly("てすと", "Я Б Г Д Ж Й", "Ä ä Ü ü ß", "utf8 — string", "utf8 — string");

        if (mode.equals("upgrade")) {
            await().atMost(WAIT).until(() -> "websocket".equals(s.io().transport()));
            assertThat(s.emitWithAck("echo", 7).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(7);
        }
        s.disconnect();
    }

    @Test
    void theClientAnswersTheServersAck() {
        Socket s = connect("", options().build());
        s.on("ack", args -> ((Ack) args[args.length - 1]).send(5, Map.of("test", true)));
        CompletableFuture<Object[]> gotIt = next(s, "got it");
        s.emit("ack");
        assertThat(gotIt).succeedsWithin(WAIT);
    }

    @Test
    void namespacesAreMultiplexedOverOneConnection() throws Exception {
        Manager manager = IO.manager(URI.create(server.url()), options().build());
        Socket main = manager.socket("/");
        Socket foo = manager.socket("/foo");
        await().atMost(WAIT).until(() -> main.connected() && foo.connected());
        assertThat(foo.emitWithAck("getId").get(10, TimeUnit.SECONDS).asText()).isEqualTo(foo.id());
        assertThat(server.process().jsonLines().stream().filter(j -> j.path("type").asText().equals("connection")))
                .hasSize(1); // only "/" logs; /foo shares its engine
        // listeners first, then connect: callbacks run on the client's thread, not the test's
        Socket no = manager.socket("/no", options().autoConnect(false).build());
        CompletableFuture<Object[]> err = next(no, "connect_error");
        no.connect();
        ConnectError e = (ConnectError) err.get(10, TimeUnit.SECONDS)[0];
        assertThat(e.getMessage()).isEqualTo("Auth failed (custom namespace)");
        assertThat(e.data().path("reason").asText()).isEqualTo("no");
        assertThat(main.connected()).isTrue();
        manager.close();
    }

    @Test
    void mainNamespaceMiddlewareErrorReachesConnectError() throws Exception {
        Socket s = IO.socket(URI.create(server.url() + "?fail=true"), options().reconnection(false).build());
        CompletableFuture<Object[]> err = next(s, "connect_error");
        assertThat(((ConnectError) err.get(10, TimeUnit.SECONDS)[0]).getMessage())
                .isEqualTo("Auth failed (main namespace)");
        await().atMost(WAIT).until(() -> !s.active());
    }

    @Test
    void authQueryAndExtraHeadersReachTheHandshake() throws Exception {
        Socket s = connect("", options().auth(Map.of("token", "abc")).query("q", "1")
                .extraHeader("x-sio4j-test", "hello").build());
        JsonNode hs = s.emitWithAck("getHandshake").get(10, TimeUnit.SECONDS);
        assertThat(hs.path("auth").path("token").asText()).isEqualTo("abc");
        assertThat(hs.path("query").path("q").asText()).isEqualTo("1");
        assertThat(hs.path("headers").path("x-sio4j-test").asText()).isEqualTo("hello");
    }

    @Test
    void ackTimeoutAndRetries() throws Exception {
        Socket s = connect("", options().build());
        assertThat(s.timeout(Duration.ofMillis(200)).emitWithAck("never"))
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(AckException.class);
        Socket r = connect("", options().retries(2).ackTimeout(Duration.ofMillis(300)).build());
        assertThat(r.emitWithAck("flaky", 1, "p").get(10, TimeUnit.SECONDS).asText()).isEqualTo("ok:p:2");
    }

    @Test
    void aServerSideDisconnectIsNotFollowedByAReconnection() {
        Socket s = connect("", options().reconnectionDelay(Duration.ofMillis(50)).build());
        List<String> seen = new CopyOnWriteArrayList<>();
        s.on("disconnect", args -> seen.add("disconnect " + args[0]));
        s.io().on("reconnect_attempt", args -> seen.add("reconnect_attempt"));
        s.emit("serverDisconnect");
        await().atMost(WAIT).until(() -> seen.contains("disconnect io server disconnect"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !seen.contains("reconnect_attempt"));
        assertThat(s.active()).isFalse();
    }

    @Test
    void afterTheServerDiesAndComesBackTheClientReconnectsWithFreshAuthAndDeliversBufferedEmitsOnce() {
        java.util.concurrent.atomic.AtomicInteger authCalls = new java.util.concurrent.atomic.AtomicInteger();
        Socket s = connect("", options().transports(Transport.WEBSOCKET)
                .auth(() -> Map.of("n", authCalls.incrementAndGet()))
                .reconnectionDelay(Duration.ofMillis(100)).reconnectionDelayMax(Duration.ofMillis(400))
                .randomizationFactor(0).build());
        List<Long> attempts = new CopyOnWriteArrayList<>();
        List<Object> reconnects = new CopyOnWriteArrayList<>();
        s.io().on("reconnect_attempt", args -> attempts.add(System.nanoTime()));
        s.io().on("reconnect", args -> reconnects.add(args[0]));
        server.kill();
        await().atMost(WAIT).until(() -> !s.connected());
        await().atMost(WAIT).until(() -> attempts.size() >= 4);
        s.emit("buffered", "once");
        server.restart();
        await().atMost(WAIT).until(() -> s.connected() && !reconnects.isEmpty());
        // delays 100, 200, 400, 400 ms (no jitter): consecutive attempts are at least that far apart
        long[] expected = {200, 400, 400};
        for (int i = 1; i < 4; i++) {
            long gapMs = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
            assertThat(gapMs).as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo(expected[i - 1] - 20);
        }
        JsonNode conn = server.process().awaitType("connection", WAIT);
        assertThat(conn.path("auth").path("n").asInt()).isGreaterThan(1);
        server.process().awaitJson(j -> "buffered".equals(j.path("event").asText()), WAIT);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.process().jsonLines().stream()
                .filter(j -> "buffered".equals(j.path("event").asText())).count() == 1);
    }

    @Test
    void aDroppedNetworkIsRecoveredWithTheSameIdAndTheMissedEvents() {
        Socket s = connect("", options().transports(Transport.WEBSOCKET)
                .reconnectionDelay(Duration.ofMillis(1500)).randomizationFactor(0).build());
        String id = s.id();
        List<String> got = new CopyOnWriteArrayList<>();
        s.on("news", args -> got.add(((JsonNode) args[0]).asText()));
        server.command("{\"cmd\":\"emit\",\"event\":\"news\",\"args\":[\"before\"]}");
        await().atMost(WAIT).until(() -> got.contains("before"));
        server.command("{\"cmd\":\"dropTcp\"}");
        server.process().awaitType("disconnect", WAIT);
        server.command("{\"cmd\":\"emit\",\"event\":\"news\",\"args\":[\"missed\"]}");
        await().atMost(WAIT).until(() -> got.contains("missed"));
        assertThat(s.recovered()).isTrue();
        assertThat(s.id()).isEqualTo(id);
    }

    @Test
    void outgoingAndIncomingCatchAllListenersSeeEveryEvent() {
        Socket s = connect("", options().transports(Transport.WEBSOCKET).build());
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> in = new CopyOnWriteArrayList<>();
        s.onAnyOutgoing((event, args) -> out.add(event));
        s.prependAnyOutgoing((event, args) -> out.add("first:" + event));
        s.onAny((event, args) -> in.add(event));
        s.emit("hi");
        await().atMost(WAIT).until(() -> in.size() == 1);
        // volatile is sent when the transport is idle and writable, as here
        s.volatile_().compress(false).emit("getDate");
        await().atMost(WAIT).until(() -> in.size() == 2);
        assertThat(out).containsExactly("first:hi", "hi", "first:getDate", "getDate");
        assertThat(in).containsExactly("hi", "takeDate");
        s.offAny();
        s.emit("hi");
        CompletableFuture<Object[]> echoed = new CompletableFuture<>();
        s.emit("echo", 1, (AckCallback) (err, args) -> echoed.complete(args.toArray()));
        assertThat(echoed).succeedsWithin(WAIT);
        assertThat(in).hasSize(2);
    }
}
