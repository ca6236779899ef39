// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine;

import dev.sio4j.testsupport.RawClient;
import dev.sio4j.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue} on a POST (sent by the JDK's HttpClient, curl, .NET, Apache
 * clients): the body is invited with a 100 Continue, as Node's http server does, instead of the
 * client waiting for it in vain; a POST refused on its head gets its final answer instead.
 */
class ExpectContinueTest {

    private static final RawClient HTTP = RawClient.shared();

    private final EchoServer s = new EchoServer(b -> b.pingInterval(Duration.ofSeconds(30)).maxHttpBufferSize(100));

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void theJdkClientWaitingFor100ContinueGetsItsPostAnswered() throws Exception {
        String sid = s.openPolling();
        HttpResponse<String> r = HTTP.send(HTTP.request(s.pollUrl(sid))
                .timeout(Duration.ofSeconds(5)).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("4hello")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(HTTP.get(s.pollUrl(sid)).body()).isEqualTo("4hello");
    }

    @Test
    void theBodyFollowsThe100AndTheConnectionServesTheNextRequest() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 100 Continue\r\n");
            raw.write("4hi");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
            raw.write("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n4hi");
        }
    }

    @Test
    void aPostRefusedOnItsHeadGetsNo100() throws Exception {
        String sid = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 101\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413").contains("connection: close");
            assertThat(raw.closedByServer()).isTrue();
        }
        String sid2 = s.openPolling();
        try (RawConnection raw = RawConnection.open(s.address)) {
            // Binary is refused and the session closed; the client may never send the body, so the
            // connection cannot be reused.
            raw.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid2 + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/octet-stream\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("connection: close");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(s.closeOf(sid2).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }
}
