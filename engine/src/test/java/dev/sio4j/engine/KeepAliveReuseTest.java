// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.engine.internal.SessionProbe;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive connections reused at once, as browsers and the JDK's HttpClient do: a request sent
 * right after the previous response was read is served, even when a session on another event
 * loop wrote that response; a request sent before the previous response (HTTP pipelining) is
 * still refused.
 */
class KeepAliveReuseTest {

    private static final RawClient HTTP = RawClient.shared();

    private static final String HANDSHAKE = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n";

    private final EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)));

    @AfterEach
    void stop() {
        s.close();
    }

    /**
     * Two connections (so on the server's two event loops) poll and close one session at once,
     * then each sends a handshake the moment its answer is in. The session lives on one loop and
     * answers the other connection across loops, where the connection used to stay "busy" until
     * a late task, and the handshake got a 400 "Bad Request" (caught within a few hundred rounds).
     */
    @Test
    void aRequestSentRightAfterACrossLoopAnswerIsServed() throws Exception {
        try (RawConnection a = RawConnection.open(s.address); RawConnection b = RawConnection.open(s.address)) {
            String sid = handshake(a, "first");
            for (int n = 0; n < 400; n++) {
                a.write("GET " + path(sid) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                b.write("POST " + path(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1");
                String post = b.readResponse();
                String get = a.readResponse();
                assertThat(post).as("round %d: POST 1", n).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
                // A NOOP when the GET was parked first, else an unknown sid (see ClosedSessionPollTest).
                assertThat(get).as("round %d: GET", n).matches("(?s)HTTP/1\\.1 (200 .*\r\n\r\n6|400 .*\"code\":1.*)");
                RawConnection first = n % 2 == 0 ? a : b;
                RawConnection second = n % 2 == 0 ? b : a;
                sid = handshake(first, "round " + n + ", after " + (first == a ? get : post));
                handshake(second, "round " + n + ", second connection");
            }
        }
    }

    @Test
    void aRequestPipelinedBehindAPendingPollIsRefusedAndTheConnectionClosed() throws Exception {
        String sid;
        try (RawConnection raw = RawConnection.open(s.address)) {
            sid = handshake(raw, "handshake");
            EngineSocket socket = s.socketOf(sid);
            raw.write("GET " + path(sid) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SessionProbe.hasPendingGet(socket));
            raw.write(HANDSHAKE);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("connection: close")
                    .endsWith("\r\n\r\nBad Request");
            assertThat(raw.closedByServer()).isTrue();
        }
        // The parked poll's connection went away unanswered: engine.io's transport error.
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void requestsPipelinedInOneWriteBehindAPollAreRefused() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("GET " + path(sid) + " HTTP/1.1\r\nHost: x\r\n\r\n" + HANDSHAKE);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").endsWith("\r\n\r\nBad Request");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    /**
     * A POST refused on its head (here: a session the server closed, which only lingers for its
     * last poll) while its body is still on the way: the body is read and dropped, and the
     * connection serves the next request. It used to end in a 500 and a closed connection.
     */
    @Test
    void aPostRefusedBeforeItsBodyArrivedLeavesTheConnectionUsable() throws Exception {
        String sid = s.openPolling();
        s.socketOf(sid).close();
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST " + path(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").doesNotContain("connection: close")
                    .endsWith("{\"code\":1,\"message\":\"Session ID unknown\"}");
            raw.write("4abc");
            handshake(raw, "after the refused POST's body");
        }
        // The lingering session still owes its CLOSE: the refused POST did not disturb it.
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("6\u001e1");
    }

    private static String path(String sid) {
        return "/engine.io/?EIO=4&transport=polling&sid=" + sid;
    }

    /** Sends a polling handshake on {@code raw} and returns the sid, failing with the whole answer. */
    private static String handshake(RawConnection raw, String when) throws Exception {
        raw.write(HANDSHAKE);
        String res = raw.readResponse();
        int i = res.indexOf("\"sid\":\"");
        assertThat(i).as("handshake %s: %s", when, res).isPositive();
        i += 7;
        return res.substring(i, res.indexOf('"', i));
    }
}
