// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.client.AckCallback;
import dev.sio4j.protocol.AckException;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reconnection (test/connection.ts), retries (test/retry.ts) and connection state recovery
 * (test/connection-state-recovery.ts) of socket.io-client's suite, in our words. A dropped
 * connection is made by cutting the proxy's TCP connections (the suite closes the engine).
 */
abstract class ReconnectionSuite extends SuiteSupport {

    /**
     * WebSocket only: cutting its one connection always ends the session, whereas an idle polling
     * keep-alive connection that is cut is just opened again for the next request.
     */
    private ClientOptions.Builder fast() {
        return options().transports(Transport.WEBSOCKET).reconnectionDelay(Duration.ofMillis(10)).randomizationFactor(0);
    }

    @Test
    void reconnectsByDefaultAndAfterAManualReconnect() throws Exception {
        Socket s = connected(socket("", fast().build()));
        CompletableFuture<Object[]> first = next(s.io(), "reconnect");
        proxy.cutAll();
        first.get(10, TimeUnit.SECONDS);
        connected(s);
        s.disconnect();
        await().atMost(WAIT).until(() -> !s.active());
        s.connect();
        connected(s);
        CompletableFuture<Object[]> second = next(s.io(), "reconnect");
        proxy.cutAll();
        second.get(10, TimeUnit.SECONDS);
        connected(s);
    }

    @Test
    void reconnectAttemptsAreCountedAndFailAfterTheLimitThenStartOverOnConnect() throws Exception {
        // 1 ms is shorter than the server's 10 ms handshake delay: every attempt times out
        Manager m = manager(options().timeout(Duration.ofMillis(1)).reconnectionAttempts(2)
                .reconnectionDelay(Duration.ofMillis(10)).autoConnect(false).build());
        Socket s = m.socket("/timeout_socket");
        List<Object> attempts = new CopyOnWriteArrayList<>();
        m.on("reconnect_attempt", args -> attempts.add(args[0]));
        CompletableFuture<Object[]> failed = next(m, "reconnect_failed");
        s.connect();
        failed.get(10, TimeUnit.SECONDS);
        assertThat(attempts).containsExactly(1, 2);
        CompletableFuture<Object[]> failedAgain = next(m, "reconnect_failed");
        s.connect();
        failedAgain.get(10, TimeUnit.SECONDS);
        assertThat(attempts).containsExactly(1, 2, 1, 2);
    }

    @Test
    void theDelayGrowsBetweenAttempts() throws Exception {
        Manager m = manager(options().timeout(Duration.ofMillis(1)).reconnectionAttempts(3)
                .reconnectionDelay(Duration.ofMillis(100)).randomizationFactor(0.2).build());
        List<Long> at = new CopyOnWriteArrayList<>();
        m.on("reconnect_attempt", args -> at.add(System.nanoTime()));
        CompletableFuture<Object[]> failed = next(m, "reconnect_failed");
        m.socket("/timeout");
        failed.get(10, TimeUnit.SECONDS);
        assertThat(at).hasSize(3);
        // 100, 200, 400 ms give or take 20 %: the second gap is longer than the first's lower bound
        assertThat((at.get(2) - at.get(1)) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat((at.get(1) - at.get(0)) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void anUnreachableServerIsRetriedUpToTheLimitAndNotAtAllWithoutReconnection() throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        Manager m = manager(dead, options().reconnectionAttempts(2).reconnectionDelay(Duration.ofMillis(10)).build());
        AtomicInteger attempts = new AtomicInteger();
        m.on("reconnect_attempt", args -> attempts.incrementAndGet());
        CompletableFuture<Object[]> failed = next(m, "reconnect_failed");
        m.socket("/room1");
        m.socket("/room2"); // a second socket must not add attempts
        failed.get(10, TimeUnit.SECONDS);
        assertThat(attempts.get()).isEqualTo(2);

        Manager off = manager(dead, options().reconnection(false).build());
        List<Object> offAttempts = new CopyOnWriteArrayList<>();
        off.on("reconnect_attempt", offAttempts::add);
        CompletableFuture<Object[]> error = next(off, "error");
        off.socket("/invalid");
        error.get(10, TimeUnit.SECONDS);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(offAttempts::isEmpty);
    }

    @Test
    void disconnectingStopsReconnectingAndConnectStartsAgain() throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        Socket s = manager(dead, options().reconnectionDelay(Duration.ofMillis(10)).build()).socket("/invalid");
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Object[]> first = new CompletableFuture<>();
        s.io().on("reconnect_attempt", args -> {
            attempts.incrementAndGet();
            first.complete(args);
        });
        first.get(10, TimeUnit.SECONDS);
        s.disconnect();
        int seen = attempts.get();
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> attempts.get() == seen);
        s.connect();
        await().atMost(WAIT).until(() -> attempts.get() > seen);
        s.disconnect();
    }

    @Test
    void oneSocketStopsReconnectingWhileAnotherReconnects() {
        Manager m = manager(fast().build());
        Socket main = connected(m.socket("/"));
        Socket asd = connected(m.socket("/asd"));
        m.once("reconnect_attempt", args -> main.disconnect());
        CompletableFuture<Object[]> asdLost = next(asd, "disconnect");
        CompletableFuture<Object[]> asdBack = new CompletableFuture<>();
        asdLost.thenRun(() -> asd.once("connect", asdBack::complete));
        List<Object> mainConnects = new CopyOnWriteArrayList<>();
        main.on("connect", mainConnects::add);
        proxy.cutAll();
        assertThat(asdLost).succeedsWithin(WAIT);
        assertThat(asdBack).succeedsWithin(WAIT);
        assertThat(mainConnects).isEmpty();
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !main.connected() && !main.active());
    }

    @Test
    void aWorkingServerIsNotRetried() {
        Manager m = manager(options().reconnectionDelay(Duration.ofMillis(10)).build());
        List<Object> attempts = new CopyOnWriteArrayList<>();
        m.on("reconnect_attempt", attempts::add);
        connected(m.socket("/valid"));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(attempts::isEmpty);
    }

    @Test
    void retriesKeepTheOrderOfPackets() throws Exception {
        Socket s = socket("", options().retries(1).ackTimeout(Duration.ofMillis(500)).build());
        List<Integer> answers = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            s.emit("echo", i, (AckCallback) (e, a) -> answers.add(e == null ? a.get(0).asInt() : -1));
        }
        await().atMost(WAIT).until(() -> answers.size() == 3);
        assertThat(answers).containsExactly(1, 2, 3);
    }

    @Test
    void retriesGiveUpWhenTheServerNeverAcknowledges() throws Exception {
        Socket s = connected(socket("", options().retries(3).ackTimeout(Duration.ofMillis(50)).build()));
        AtomicInteger serverEmits = new AtomicInteger();
        s.on("ack", args -> serverEmits.incrementAndGet()); // the server's "ack" handler emits "ack" back
        CompletableFuture<AckException> error = new CompletableFuture<>();
        s.emit("ack", (AckCallback) (e, a) -> error.complete(e));
        assertThat(error.get(10, TimeUnit.SECONDS)).isNotNull();
        await().atMost(WAIT).until(() -> serverEmits.get() == 4); // first try and three retries
    }

    @Test
    void theRetryQueueWaitsForTheConnectionAndAConnectHandlerEmitIsSentOnce() throws Exception {
        // were the queue drained while disconnected, its four 200 ms tries would fail within the second
        Socket s = socket("", options().retries(3).ackTimeout(Duration.ofMillis(200))
                .transports(Transport.WEBSOCKET).autoConnect(false).build());
        CompletableFuture<AckException> queued = new CompletableFuture<>();
        s.emit("echo", 1, (AckCallback) (e, a) -> queued.complete(e));
        List<String> out = new CopyOnWriteArrayList<>();
        s.onAnyOutgoing((e, a) -> out.add(e + ":" + a[0]));
        CompletableFuture<List<?>> fromConnect = new CompletableFuture<>();
        s.once("connect", args -> s.emit("echo", null, (AckCallback) (e, a) -> fromConnect.complete(a)));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !queued.isDone());
        s.connect();
        assertThat(queued.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(fromConnect.get(10, TimeUnit.SECONDS).get(0)).satisfies(n -> assertThat(n.toString()).isEqualTo("null"));
        assertThat(out).containsOnlyOnce("echo:null").allMatch(e -> e.startsWith("echo:"));
    }

    @Test
    void aDroppedConnectionIsRecoveredWithTheSameId() {
        // the suite closes the engine cleanly; a cut TCP connection needs the server to notice it
        // before the client comes back, hence a longer delay
        Socket s = socket("", fast().reconnectionDelay(Duration.ofMillis(500)).build());
        assertThat(s.recovered()).isFalse();
        CompletableFuture<Object[]> hi = next(s, "hi");
        s.emit("hi"); // the server's answer carries an offset
        assertThat(hi).succeedsWithin(WAIT);
        String id = s.id();
        CompletableFuture<Object[]> reconnect = next(s.io(), "reconnect");
        proxy.cutAll();
        assertThat(reconnect).succeedsWithin(WAIT);
        connected(s);
        assertThat(s.id()).isEqualTo(id);
        assertThat(s.recovered()).isTrue();
    }
}
