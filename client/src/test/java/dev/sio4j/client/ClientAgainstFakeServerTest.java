// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import dev.sio4j.protocol.AckException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a scripted polling server: buffering, acks, retries, hostile packets. */
class ClientAgainstFakeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<Socket> sockets = new ArrayList<>();
    private FakeEngineServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (Socket s : sockets) {
            s.io().shutdown().get(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket socket(ClientOptions.Builder options) {
        Socket s = IO.socket(URI.create(server.url()), options.transports(ClientOptions.Transport.POLLING)
                .reconnectionDelay(Duration.ofMillis(20)).reconnectionDelayMax(Duration.ofMillis(50)).build());
        sockets.add(s);
        return s;
    }

    @Test
    void emitsWhileDisconnectedAreBufferedInOrderAndVolatileOnesDropped() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder().autoConnect(false));
        s.emit("a", 1);
        s.volatile_().emit("b", 2);
        s.emit("c", Map.of("k", "v"));
        s.connect();
        await().atMost(WAIT).until(() -> server.received.size() >= 3);
        assertThat(server.received).containsExactly("0", "2[\"a\",1]", "2[\"c\",{\"k\":\"v\"}]");
        assertThat(s.connected()).isTrue();
        assertThat(s.id()).isEqualTo("id-1");
    }

    @Test
    void anAckTimesOutWithATypedReasonAndTheAckMapForgetsIt() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder());
        CompletableFuture<JsonNode> reply = s.timeout(Duration.ofMillis(100)).emitWithAck("never");
        assertThat(reply).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(AckException.class)
                .satisfies(e -> assertThat(((AckException) e).reason()).isEqualTo(AckException.Reason.TIMEOUT));
    }

    @Test
    void acksCompleteInOrderAndUnknownAckIdsAreIgnored() throws Exception {
        server = new FakeEngineServer((sid, p) -> p.startsWith("2")
                ? List.of("3" + p.substring(1, p.indexOf('[')) + "[\"re:" + p.substring(p.indexOf('[')) .replace("\"", "") + "\"]")
                : FakeEngineServer.acceptConnect(sid, p));
        Socket s = socket(ClientOptions.builder());
        await().atMost(WAIT).until(s::connected);
        server.push("43999[\"stray\"]");
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            s.emit("e", n, (AckCallback) (err, args) -> order.add(n + ":" + args.get(0).asText()));
        }
        await().atMost(WAIT).until(() -> order.size() == 5);
        assertThat(order).containsExactly("0:re:[e,0]", "1:re:[e,1]", "2:re:[e,2]", "3:re:[e,3]", "4:re:[e,4]");
    }

    @Test
    void retriesResendOnePacketAtATimeUntilAcknowledged() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = new FakeEngineServer((sid, p) -> {
            if (!p.startsWith("2")) {
                return FakeEngineServer.acceptConnect(sid, p);
            }
            // Ignore every first attempt; acknowledge every second one.
            return seen.incrementAndGet() % 2 == 1 ? List.of() : List.of("3" + p.substring(1, p.indexOf('[')) + "[\"ok\"]");
        });
        Socket s = socket(ClientOptions.builder().retries(3).ackTimeout(Duration.ofMillis(150)));
        List<String> acked = new CopyOnWriteArrayList<>();
        for (String e : List.of("a", "b", "c")) {
            s.emit(e, (AckCallback) (err, args) -> acked.add(e + (err == null ? ":" + args.get(0).asText() : ":" + err.reason())));
        }
        await().atMost(WAIT).until(() -> acked.size() == 3);
        assertThat(acked).containsExactly("a:ok", "b:ok", "c:ok");
        assertThat(server.received.stream().filter(p -> p.startsWith("2")).toList())
                .containsExactly("20[\"a\"]", "21[\"a\"]", "22[\"b\"]", "23[\"b\"]", "24[\"c\"]", "25[\"c\"]");
    }

    @Test
    void retriesGiveUpAfterTheConfiguredAttempts() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder().retries(2).ackTimeout(Duration.ofMillis(50)));
        CompletableFuture<JsonNode> reply = s.emitWithAck("lost");
        assertThat(reply).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(AckException.class);
        assertThat(server.received.stream().filter(p -> p.startsWith("2")).toList()).hasSize(3);
    }

    @Test
    void connectErrorCarriesTheServersMessageAndData() throws Exception {
        server = new FakeEngineServer((sid, p) -> p.startsWith("0")
                ? List.of("4{\"message\":\"nope\",\"data\":{\"retry\":false}}") : List.of());
        Socket s = socket(ClientOptions.builder());
        CompletableFuture<ConnectError> error = new CompletableFuture<>();
        s.on("connect_error", args -> error.complete((ConnectError) args[0]));
        assertThat(error).succeedsWithin(WAIT).satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("nope");
            assertThat(e.data().toString()).isEqualTo("{\"retry\":false}");
        });
        await().atMost(WAIT).until(() -> !s.active());
    }

    @Test
    void connectCalledAgainWhileTheConnectIsUnansweredSendsItOnce() throws Exception {
        server = new FakeEngineServer((sid, p) -> List.of()); // CONNECT answered below, by hand
        Socket s = socket(ClientOptions.builder()); // autoConnect
        await().atMost(WAIT).until(() -> server.received.contains("0"));
        s.connect(); // the caller's thread lost the race against the handshake
        s.connect();
        server.push("40{\"sid\":\"id-1\"}");
        await().atMost(WAIT).until(s::connected);
        s.emit("after");
        await().atMost(WAIT).until(() -> server.received.contains("2[\"after\"]"));
        assertThat(server.received).containsExactly("0", "2[\"after\"]");
    }

    @Test
    void aServerDisconnectIsFinal() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder());
        List<Object> reasons = new CopyOnWriteArrayList<>();
        s.on("disconnect", args -> reasons.add(args[0]));
        await().atMost(WAIT).until(s::connected);
        server.push("41");
        await().atMost(WAIT).until(() -> reasons.contains("io server disconnect"));
        assertThat(s.active()).isFalse();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> server.handshakes.get() == 1);
    }

    @Test
    void theAuthSupplierIsAskedAgainOnReconnect() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        AtomicInteger calls = new AtomicInteger();
        Socket s = socket(ClientOptions.builder().auth(() -> Map.of("token", calls.incrementAndGet())));
        await().atMost(WAIT).until(s::connected);
        server.push("1"); // an Engine.IO close from the server: a lost connection, so reconnect
        await().atMost(WAIT).until(() -> server.received.contains("0{\"token\":2}"));
        assertThat(server.received).contains("0{\"token\":1}");
        assertThat(calls.get()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "5999999-[\"e\"]",                                    // too many attachments (row 35)
        "51-[\"e\",{\"_placeholder\":true,\"num\":\"splice\"}]",  // illegal placeholder (row 32)
        "2{}",                                                // EVENT not an array (row 26)
        "2abc[\"e\"]",                                        // bad ack id (row 30)
        "abc",                                                // unknown type (row 21)
    })
    void aHostilePacketClosesWithParseErrorAndTheClientReconnects(String hostile) throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder());
        List<Object> closes = new CopyOnWriteArrayList<>();
        s.io().on("close", args -> closes.add(args[0]));
        await().atMost(WAIT).until(s::connected);
        server.push("4" + hostile);
        await().atMost(WAIT).until(() -> closes.contains("parse error"));
        await().atMost(WAIT).until(() -> server.handshakes.get() >= 2 && s.connected());
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutStackOverflow() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder());
        List<Object> closes = new CopyOnWriteArrayList<>();
        s.io().on("close", args -> closes.add(args[0]));
        await().atMost(WAIT).until(s::connected);
        server.push("42[\"e\"," + "[".repeat(100_000) + "]");
        await().atMost(WAIT).until(() -> closes.contains("parse error"));
    }

    @Test
    void anOversizedResponseIsRefusedBeforeItIsBufferedAndTheClientReconnects() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder().maxIncomingBytes(64 * 1024));
        List<Object> closes = new CopyOnWriteArrayList<>();
        s.io().on("close", args -> closes.add(args[0]));
        await().atMost(WAIT).until(s::connected);
        server.rawPollResponse = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n";
        server.push("42[\"wake\"]");
        await().atMost(WAIT).until(() -> closes.contains("transport error"));
        await().atMost(WAIT).until(() -> server.handshakes.get() >= 2 && s.connected());
    }

    @Test
    void afterShutdownNoClientThreadIsLeft() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        Socket s = socket(ClientOptions.builder());
        await().atMost(WAIT).until(s::connected);
        s.emit("last", "words");
        s.io().shutdown().get(5, TimeUnit.SECONDS);
        assertThat(server.received).contains("2[\"last\",\"words\"]");
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("sio4j-client")));
    }
}
