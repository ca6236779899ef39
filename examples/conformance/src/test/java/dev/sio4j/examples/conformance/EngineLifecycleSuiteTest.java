// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import dev.sio4j.testsupport.RawConnection;
import dev.sio4j.testsupport.RawWebSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat, close and upgrade cases of the official engine.io-protocol v4 test suite, in our
 * own words, against the {@code protocol} profile (handshake and message cases are in
 * {@link EngineProtocolSuiteTest}). They also run on {@code /socket.io/}, as the
 * socket.io-protocol v5 suite repeats them there. See docs/conformance.md.
 */
class EngineLifecycleSuiteTest {

    private static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningProfile server = new RunningProfile(Profile.Name.PROTOCOL);

    // ---- heartbeat

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingSessionPingsAndAcceptsPongs(String path) throws Exception {
        String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
        for (int i = 0; i < 3; i++) {
            var poll = server.http().get(path + "?EIO=4&transport=polling&sid=" + sid);
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("2");
            assertThat(server.http().post(path + "?EIO=4&transport=polling&sid=" + sid, "3").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingSessionWithoutPongsTimesOut(String path) throws Exception {
        String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
        // Polls without ever answering the ping: within pingInterval + pingTimeout the sid is gone.
        await().atMost(HEARTBEAT_WAIT).until(() ->
                server.http().get(path + "?EIO=4&transport=polling&sid=" + sid).statusCode() == 400);
    }

    /**
     * The official suite polls once, pingInterval + pingTimeout after the handshake, and expects
     * the session to be gone. Around that instant a poll may still find the session (and get the
     * queued ping) or find it gone (400); engine.io never answers it with an empty 200. The polls
     * are sent at instants sweeping that window (the instant is the test's input, not a wait).
     */
    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void aPollAroundThePingTimeoutGetsThePingOrIsRefused(String path) throws Exception {
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        List<CompletableFuture<HttpResponse<String>>> polls = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
            long delay = 470 + 2L * i;
            polls.add(CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> server.http().getAsync(path + "?EIO=4&transport=polling&sid=" + sid)));
        }
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            var reply = poll.join();
            String outcome = reply.statusCode() == 200 ? "200:\"" + reply.body() + "\"" : reply.statusCode() + ":refused";
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("ping timeout outcomes on " + path + ": " + outcomes);
        assertThat(outcomes.keySet()).as("poll outcomes %s", outcomes).isSubsetOf("200:\"2\"", "400:refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void webSocketSessionPingsAndAcceptsPongs(String path) {
        try (RawWebSocket ws = server.webSocket(path + "?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            for (int i = 0; i < 3; i++) {
                assertThat(ws.nextText()).isEqualTo("2");
                ws.send("3");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void webSocketSessionWithoutPongsIsClosed(String path) {
        try (RawWebSocket ws = server.webSocket(path + "?EIO=4&transport=websocket")) {
            assertThat(ws.awaitClose(HEARTBEAT_WAIT)).isNotNull();
        }
    }

    // ---- close

    /**
     * The official suite sends a poll and a CLOSE at the same time and expects the poll to end
     * with a NOOP. Which reaches the server first is a race, so this repeats it: each poll must
     * end with a NOOP (it was pending) or be refused (the session was already gone), as with
     * engine.io, never with anything else (an empty 200, a CLOSE); and the NOOP case must occur.
     * The session is gone afterwards either way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingCloseRacingAPollEndsItWithANoopOrARefusal(String path) throws Exception {
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
            String poll = path + "?EIO=4&transport=polling&sid=" + sid;
            // Fresh connections with "Connection: close", as Node's http module sends without an
            // agent: the combination under which the empty answer shows up.
            try (RawConnection get = server.connect(); RawConnection post = server.connect()) {
                get.request("GET", poll, "", true);
                post.request("POST", poll, "1", true);
                var ended = get.readReply();
                post.readReply();
                assertThat(server.http().get(poll).statusCode()).isEqualTo(400);
                String outcome = ended.statusCode() + ":" + (ended.statusCode() == 200 ? "\"" + ended.body() + "\"" : "refused");
                outcomes.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.println("close race outcomes on " + path + ": " + outcomes);
        assertThat(outcomes.keySet()).as("poll outcomes %s", outcomes)
                .isSubsetOf("200:\"6\"", "400:refused").contains("200:\"6\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void webSocketCloseClosesTheConnection(String path) {
        try (RawWebSocket ws = server.webSocket(path + "?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0");
            ws.send("1");
            assertThat(ws.awaitClose(RawWebSocket.WAIT)).isNotNull();
        }
    }

    // ---- upgrade

    /** A WebSocket for polling session {@code sid} that has sent the probe and had its answer. */
    private static RawWebSocket probed(String path, String sid) {
        RawWebSocket ws = server.webSocket(path + "?EIO=4&transport=websocket&sid=" + sid);
        try {
            ws.send("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            return ws;
        } catch (RuntimeException | AssertionError e) {
            ws.close();
            throw e;
        }
    }

    @Test
    void upgradeFromPollingToWebSocket() throws Exception {
        String sid = server.http().openPolling("/engine.io/?EIO=4&transport=polling");
        try (RawWebSocket ws = probed("/engine.io/", sid)) {
            var poll = server.http().get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("6");
            ws.send("5");
            ws.send("4hello");
            assertThat(ws.nextTextSkippingPings()).isEqualTo("4hello");
        }
    }

    /**
     * engine.io releases a poll that is pending during an upgrade from a timer that checks every
     * 100 ms after the probe, not at once. socket.io-client's suite depends on that timing (its
     * retry test counts the packets received in the first 100 ms, and an early NOOP is one too
     * many), so the NOOP must not come before that first check.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void aPollPendingDuringTheUpgradeIsReleasedByTheFirstCheckNotAtOnce(String path) throws Exception {
        String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
        try (RawConnection poll = server.connect()) {
            poll.request("GET", path + "?EIO=4&transport=polling&sid=" + sid, "", false);
            try (RawWebSocket ws = server.webSocketWithPongs(path + "?EIO=4&transport=websocket&sid=" + sid)) {
                long probedAt = System.nanoTime();
                ws.send("2probe");
                assertThat(ws.nextText()).isEqualTo("3probe");
                var released = poll.readReply();
                Duration after = Duration.ofNanos(System.nanoTime() - probedAt);
                assertThat(released.body()).isEqualTo("6");
                assertThat(after).as("NOOP after the probe").isGreaterThanOrEqualTo(Duration.ofMillis(80));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void pollingWithTheSidIsRefusedAfterTheUpgrade(String path) throws Exception {
        String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
        try (RawWebSocket ws = probed(path, sid)) {
            ws.send("5");
            await().atMost(RawWebSocket.WAIT).until(() ->
                    server.http().get(path + "?EIO=4&transport=polling&sid=" + sid).statusCode() == 400);
            if (path.equals("/engine.io/")) {
                ws.send("4hello");
                assertThat(ws.nextTextSkippingPings()).isEqualTo("4hello");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine.io/", "/socket.io/"})
    void aSecondWebSocketWithTheSidIsRefusedAfterTheUpgrade(String path) throws Exception {
        String sid = server.http().openPolling(path + "?EIO=4&transport=polling");
        try (RawWebSocket ws = probed(path, sid)) {
            ws.send("5");
            try (RawWebSocket second = server.webSocket(path + "?EIO=4&transport=websocket&sid=" + sid)) {
                assertThat(second.awaitClose(RawWebSocket.WAIT)).isNotNull();
            }
            if (path.equals("/engine.io/")) {
                ws.send("4hello");
                assertThat(ws.nextTextSkippingPings()).isEqualTo("4hello");
            }
        }
    }
}
