// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production log lines (issue 12, item 6): one INFO line on {@code dev.sio4j.engine.connections}
 * when a session opens and one when it closes (reason, transport, duration; never the sid or a
 * payload), and one INFO line on {@code dev.sio4j.engine.refusals} per refused request under the
 * id the client finds in the error body and the connection_error carries.
 */
class ConnectionLogTest {

    private static final RawClient HTTP = RawClient.shared();

    private static final Pattern OPENED = Pattern.compile(
            "dev\\.sio4j\\.engine\\.connections - session ([0-9a-f]{8}) opened: transport=(\\w+) address=127\\.0\\.0\\.1");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();
    private PrintStream stderr;
    private EchoServer s;

    /** slf4j-simple writes to whatever System.err is when a line is logged. */
    @BeforeEach
    void start() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(20)).pingTimeout(Duration.ofSeconds(20)));
        s.server.onConnectionError(errors::add);
    }

    @AfterEach
    void stop() {
        try {
            s.close();
        } finally {
            System.setErr(stderr);
        }
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSessionLogsOneLineWhenItOpensAndOneWhenItClosesWithoutItsSidOrPayload() throws Exception {
        String sid = s.openPolling();
        HTTP.post(s.pollUrl(sid), "4a secret payload");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4a secret payload");
        HTTP.post(s.pollUrl(sid), "1"); // the client closes
        assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);

        String log = log();
        Matcher opened = OPENED.matcher(log);
        assertThat(opened.find()).as("an open line in %s", log).isTrue();
        assertThat(opened.group(2)).isEqualTo("polling");
        String id = opened.group(1);
        List<String> closed = log.lines().filter(l -> l.contains("session " + id + " closed")).toList();
        assertThat(closed).singleElement().asString()
                .contains("INFO dev.sio4j.engine.connections")
                .containsPattern("closed: reason=\"transport close\" transport=polling duration=\\d+\\.\\d{3}s");
        assertThat(log).doesNotContain(sid).doesNotContain("secret");
    }

    @Test
    void aWebSocketSessionClosedByABadPacketSaysWhy() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(s.wsUrl("EIO=4&transport=websocket"))) {
            String open = ws.nextText();
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",", open.indexOf("\"sid\":\"")));
            ws.send("not an engine.io packet");
            assertThat(s.closeOf(sid).reason()).isEqualTo(CloseReason.PARSE_ERROR);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log())
                .containsPattern("opened: transport=websocket address=127\\.0\\.0\\.1")
                .containsPattern("closed: reason=\"parse error\" transport=websocket duration=\\d+\\.\\d{3}s"));
    }

    @Test
    void aRefusedHandshakeCarriesOneIdInTheBodyTheConnectionErrorAndTheLog() throws Exception {
        HttpResponse<String> refused = HTTP.send(HTTP.request(s.url("EIO=4&transport=polling"))
                .header("Origin", "https://elsewhere.example"));
        assertThat(refused.statusCode()).isEqualTo(403);
        Matcher body = Pattern.compile("^\\{\"code\":4,\"message\":\"Forbidden\",\"id\":\"([0-9a-f]{12})\"}$")
                .matcher(refused.body());
        assertThat(body.matches()).as("engine.io's body plus the id: %s", refused.body()).isTrue();
        ConnectionError e = errors.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.id()).isEqualTo(body.group(1));
        String line = log().lines().filter(l -> l.contains(e.id())).findFirst().orElseThrow();
        assertThat(line).contains("INFO dev.sio4j.engine.refusals").contains("refused " + e.id() + ": cause=ORIGIN")
                .contains("status=403").contains("address=127.0.0.1");
        assertThat(log()).doesNotContain(" opened: ");
    }

    /**
     * A refused request of a session (here an unknown sid) keeps engine.io's body exactly, as
     * engine.io-client's suite compares it; its log line still has an id.
     */
    @Test
    void aRefusalOfASessionsRequestKeepsEngineIosBodyAndIsLoggedUnderAnId() throws Exception {
        HttpResponse<String> refused = HTTP.get(s.pollUrl("forged-sid"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        ConnectionError e = errors.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(log()).contains("refused " + e.id() + ": cause=BAD_REQUEST status=400 code=1").doesNotContain("forged");
    }
}
