// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.protocol.AckException;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviours of socket.io-client's test/socket.ts, in our words, against a server of the
 * {@code client} profile. Browser-only cases and those that inspect JS internals (packetCreate
 * options: see the client module's PerMessageDeflateTest) are left out.
 */
abstract class SocketSuite extends SuiteSupport {

    @Test
    void theIdIsTheServerSideIdInTheMainAndACustomNamespace() throws Exception {
        for (String nsp : List.of("", "/foo")) {
            Socket s = connected(socket(nsp));
            assertThat(s.emitWithAck("getId").get(10, TimeUnit.SECONDS).asText()).isEqualTo(s.id()).isNotBlank();
        }
    }

    @Test
    void theIdIsClearedOnDisconnect() throws Exception {
        Socket s = connected(socket(""));
        CompletableFuture<String> idAtDisconnect = new CompletableFuture<>();
        s.on("disconnect", args -> idAtDisconnect.complete(String.valueOf(s.id())));
        s.disconnect();
        assertThat(idAtDisconnect.get(10, TimeUnit.SECONDS)).isEqualTo("null");
    }

    @Test
    void disconnectingWhileOpeningFiresNoError() {
        Socket s = socket("", options().timeout(Duration.ofMillis(100)).autoConnect(false).build());
        List<Object> errors = new CopyOnWriteArrayList<>();
        s.io().on("error", errors::add);
        s.connect();
        s.disconnect();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(errors::isEmpty);
    }

    @Test
    void connectErrorWhenNothingListens() throws Exception {
        Socket s = socket("", options().timeout(Duration.ofMillis(100)).autoConnect(false).build());
        s.disconnect();
        Socket refused = manager("http://127.0.0.1:" + closedPort(), options().timeout(Duration.ofMillis(100))
                .autoConnect(false).build()).socket("/");
        CompletableFuture<Object[]> err = next(refused, "connect_error");
        refused.connect();
        assertThat(err.get(10, TimeUnit.SECONDS)[0]).isInstanceOf(ConnectError.class);
    }

    @Test
    void connectErrorOnOpenTimeoutForEachTransport() throws Exception {
        for (Transport t : Transport.values()) {
            // the server answers the handshake after 10 ms: 1 ms is too short
            Socket s = socket("", options().transports(t).timeout(Duration.ofMillis(1)).reconnection(false)
                    .autoConnect(false).build());
            CompletableFuture<Object[]> err = next(s, "connect_error");
            s.connect();
            assertThat(((ConnectError) err.get(10, TimeUnit.SECONDS)[0]).getMessage()).as("%s", t).isEqualTo("timeout");
        }
    }

    @Test
    void noConnectErrorOnceConnectedWhenTheConnectionDrops() {
        Socket s = connected(socket("", options().reconnectionDelay(Duration.ofMillis(10)).build()));
        List<Object> errors = new CopyOnWriteArrayList<>();
        s.on("connect_error", errors::add);
        CompletableFuture<Object[]> reconnect = next(s.io(), "reconnect");
        proxy.cutAll();
        assertThat(reconnect).succeedsWithin(WAIT);
        assertThat(errors).isEmpty();
    }

    @Test
    void theIdChangesOnReconnectionWithoutRecovery() throws Exception {
        Socket s = connected(socket("", options().reconnectionDelay(Duration.ofMillis(10)).build()));
        String id = s.id();
        List<String> idsDuringAttempts = new CopyOnWriteArrayList<>();
        s.io().on("reconnect_attempt", args -> idsDuringAttempts.add(String.valueOf(s.id())));
        CompletableFuture<Object[]> reconnect = next(s.io(), "reconnect");
        proxy.cutAll();
        reconnect.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(s::connected);
        assertThat(s.id()).isNotEqualTo(id);
        assertThat(s.recovered()).isFalse();
        assertThat(idsDuringAttempts).isNotEmpty().containsOnly("null");
    }

    @Test
    void queryFromOptionsAndFromTheUrlReachTheHandshakeEncodedProperly() throws Exception {
        JsonNode q = connected(socket("/", options().query("e", "f").build())).emitWithAck("getHandshake")
                .get(10, TimeUnit.SECONDS).path("query");
        assertThat(q.path("e").asText()).isEqualTo("f");
        q = connected(socket("/?c=d")).emitWithAck("getHandshake").get(10, TimeUnit.SECONDS).path("query");
        assertThat(q.path("c").asText()).isEqualTo("d");

        CompletableFuture<Object[]> abc = new CompletableFuture<>();
        Socket s = socket("/abc?b=c&d=e", options().query("a", "b").query("&a", "&=?a").autoConnect(false).build());
        s.once("handshake", abc::complete);
        s.connect();
        q = ((JsonNode) abc.get(10, TimeUnit.SECONDS)[0]).path("query");
        assertThat(q.path("a").asText()).isEqualTo("b");
        assertThat(q.path("b").asText()).isEqualTo("c");
        assertThat(q.path("d").asText()).isEqualTo("e");
        assertThat(q.path("&a").asText()).isEqualTo("&=?a");
    }

    @Test
    void authAsAValueOrASupplierReachesTheHandshakeButNotTheQuery() throws Exception {
        for (Object auth : List.of(Map.of("a", "b", "c", "d"),
                (java.util.function.Supplier<Object>) () -> Map.of("a", "b", "c", "d"))) {
            Socket s = socket("/abc", options().auth(auth).autoConnect(false).build());
            CompletableFuture<Object[]> hs = next(s, "handshake");
            s.connect();
            JsonNode handshake = (JsonNode) hs.get(10, TimeUnit.SECONDS)[0];
            assertThat(handshake.path("auth").path("a").asText()).isEqualTo("b");
            assertThat(handshake.path("auth").path("c").asText()).isEqualTo("d");
            assertThat(handshake.path("query").has("a")).isFalse();
        }
    }

    @Test
    void aCustomNamespaceMiddlewareFailureIsAConnectErrorAndIsNotRetried() throws Exception {
        Socket s = socket("/no", options().reconnectionDelay(Duration.ofMillis(10)).autoConnect(false).build());
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Object[]> first = new CompletableFuture<>();
        s.on("connect_error", args -> {
            count.incrementAndGet();
            first.complete(args);
        });
        s.connect();
        assertThat(((ConnectError) first.get(10, TimeUnit.SECONDS)[0]).getMessage()).isEqualTo("Auth failed (custom namespace)");
        proxy.cutAll();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> count.get() == 1);
        assertThat(s.active()).isFalse();
    }

    @Test
    void disconnectThenConnectRightAwayDisconnectsOnce() {
        Socket s = socket("/", options().transports(Transport.WEBSOCKET).autoConnect(false).build());
        AtomicInteger disconnects = new AtomicInteger();
        AtomicInteger connects = new AtomicInteger();
        s.on("disconnect", args -> disconnects.incrementAndGet());
        s.on("connect", () -> {
            if (connects.incrementAndGet() == 1) {
                s.disconnect().connect();
            }
        });
        s.connect();
        await().atMost(WAIT).until(() -> connects.get() == 2);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> disconnects.get() == 1);
    }

    @Test
    void aReservedEventNameThrows() {
        Socket s = socket("/no", options().autoConnect(false).build());
        assertThatThrownBy(() -> s.emit("disconnecting", "goodbye"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"disconnecting\" is a reserved event name");
    }

    @Test
    void emitsBufferedBeforeConnectAreAcknowledgedInOrder() throws Exception {
        Socket s = socket("/", options().autoConnect(false).build());
        List<String> order = new CopyOnWriteArrayList<>();
        s.on("connect", () -> s.emit("echo", "second", (AckCallback) (e, a) -> order.add(a.get(0).asText())));
        s.emit("echo", "first", (AckCallback) (e, a) -> order.add(a.get(0).asText()));
        s.connect();
        await().atMost(WAIT).until(() -> order.size() == 2);
        assertThat(order).containsExactly("first", "second");
        assertThat(s.emitWithAck("echo", 123).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(123);
    }

    @Test
    void aVolatilePacketIsDroppedWhileDisconnectedOrWhenThePipeIsBusyAndSentWhenReady() throws Exception {
        Socket s = socket("", options().transports(Transport.POLLING).autoConnect(false).build());
        List<String> acks = new CopyOnWriteArrayList<>();
        s.volatile_().emit("getId", (AckCallback) (e, a) -> acks.add("volatile-offline"));
        s.on("connect", () -> {
            s.emit("getId", (AckCallback) (e, a) -> acks.add("normal"));
            s.volatile_().emit("getId", (AckCallback) (e, a) -> acks.add("volatile-busy"));
        });
        s.connect();
        await().atMost(WAIT).until(() -> acks.contains("normal"));
        // sent when the connection is idle: try until one gets through, as the suite does
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            s.volatile_().emit("getId", (AckCallback) (e, a) -> acks.add("volatile-ready"));
            return acks.contains("volatile-ready");
        });
        assertThat(acks).doesNotContain("volatile-offline", "volatile-busy");
    }

    @Test
    void timeoutsFailAcksWithATypedReasonAndOnlyOnce() throws Exception {
        Socket idle = socket("/", options().autoConnect(false).build());
        assertThat(idle.timeout(Duration.ofMillis(50)).emitWithAck("event")).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(AckException.class);
        Socket s = connected(socket("/"));
        assertThat(s.timeout(Duration.ofMillis(50)).emitWithAck("unknown")).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .satisfies(e -> assertThat(((AckException) e).reason()).isEqualTo(AckException.Reason.TIMEOUT));
        AtomicInteger calls = new AtomicInteger();
        s.timeout(Duration.ZERO).emit("echo", 42, (AckCallback) (e, a) -> {
            assertThat(e).isNotNull();
            calls.incrementAndGet();
        });
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> calls.get() == 1);
        assertThat(s.timeout(Duration.ofSeconds(5)).emitWithAck("echo", 42).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(42);
        Socket withDefault = connected(socket("/", options().ackTimeout(Duration.ofMillis(50)).build()));
        assertThat(withDefault.emitWithAck("unknown")).failsWithin(WAIT).withThrowableOfType(ExecutionException.class);
    }

    @Test
    void pendingAcksFailOnDisconnectButBufferedOnesAreSentOnReconnect() throws Exception {
        Socket s = connected(socket(""));
        CompletableFuture<JsonNode> plain = s.emitWithAck("echo", "a");
        CompletableFuture<JsonNode> timed = s.timeout(Duration.ofSeconds(10)).emitWithAck("echo", "a");
        s.disconnect();
        for (CompletableFuture<JsonNode> f : List.of(plain, timed)) {
            assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .satisfies(e -> assertThat(((AckException) e).reason()).isEqualTo(AckException.Reason.DISCONNECTED));
        }
        await().atMost(WAIT).until(() -> !s.active());
        CompletableFuture<JsonNode> buffered = s.emitWithAck("echo", "b");
        s.connect();
        assertThat(buffered.get(10, TimeUnit.SECONDS).asText()).isEqualTo("b");
    }
}
