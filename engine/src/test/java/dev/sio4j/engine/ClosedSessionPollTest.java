// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A poll that reaches a session after it closed: only a session closed by the server with no
 * GET to carry the CLOSE still answers (the lingering poll); every other closed session refuses
 * the poll as an unknown sid (400, code 1), as engine.io no longer knows the sid. Never an empty
 * or CLOSE-only 200 for a session the client itself closed.
 */
class ClosedSessionPollTest {

    private static final RawClient HTTP = RawClient.shared();

    private static final String UNKNOWN_SID = "400 {\"code\":1,\"message\":\"Session ID unknown\"}";

    private final EchoServer s = new EchoServer(b -> b.pingInterval(java.time.Duration.ofSeconds(30)));

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void aPollThatFoundTheSidBeforeTheClientsCloseIsRefusedAsUnknown() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        assertThat(HTTP.post(s.pollUrl(sid), "1").statusCode()).isEqualTo(200);
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(SessionProbe.pollThatFoundTheSid(socket)).isEqualTo(UNKNOWN_SID);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void aPollThatFoundTheSidBeforeAnErrorCloseIsRefusedAsUnknown() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        HTTP.post(s.pollUrl(sid), "2"); // a client ping: invalid heartbeat direction
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(SessionProbe.pollThatFoundTheSid(socket)).isEqualTo(UNKNOWN_SID);
    }

    @Test
    void aPollAfterTheLingeringPollIsRefusedAsUnknown() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        socket.close();
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        // The server's close found no GET: the first poll still collects the CLOSE (after a NOOP)...
        assertThat(SessionProbe.pollThatFoundTheSid(socket)).isEqualTo("200 6\u001e1");
        // ...and one that raced it finds nothing owed any more.
        assertThat(SessionProbe.pollThatFoundTheSid(socket)).isEqualTo(UNKNOWN_SID);
        assertThat(HTTP.get(s.pollUrl(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void aPollPendingWhenTheClientClosesGetsANoop() throws Exception {
        String sid = s.openPolling();
        EngineSocket socket = s.socketOf(sid);
        CompletableFuture<HttpResponse<String>> pending = HTTP.getAsync(s.pollUrl(sid));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> SessionProbe.hasPendingGet(socket));
        assertThat(HTTP.post(s.pollUrl(sid), "1").statusCode()).isEqualTo(200);
        HttpResponse<String> ended = pending.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(ended.body()).isEqualTo("6");
    }

    /**
     * The race itself, end to end: a GET and a POST "1" sent at once on two fresh connections.
     * Whichever wins, the GET ends with a NOOP or is refused; never an empty or CLOSE answer.
     */
    @Test
    void aPollRacingTheClientsCloseGetsANoopOrARefusal() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 30; i++) {
            String sid = s.openPolling();
            List<CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
            both.add(HTTP.getAsync(s.pollUrl(sid)));
            both.add(HTTP.sendAsync(HTTP.request(s.pollUrl(sid))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("1"))));
            HttpResponse<String> get = both.get(0).get(5, java.util.concurrent.TimeUnit.SECONDS);
            both.get(1).get(5, java.util.concurrent.TimeUnit.SECONDS);
            outcomes.merge(get.statusCode() + ":" + (get.statusCode() == 200 ? get.body() : "refused"), 1, Integer::sum);
        }
        assertThat(outcomes.keySet()).as("outcomes %s", outcomes).isSubsetOf("200:6", "400:refused");
    }
}
