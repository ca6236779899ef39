// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static dev.sio4j.interop.client.NodeServer.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against the official server: {@code withCredentials} sends back the {@code io} cookie the
 * server's {@code cookie} option sets (polling and the WebSocket handshake), and permessage-deflate
 * is negotiated with a server that enables it.
 */
class CookiesAndDeflateNodeTest {

    private static final String BIG = "z".repeat(5000);
    private NodeServer server;
    private ClientRuntime runtime;
    private Socket socket;

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.io().close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect(String serverOptions, ClientOptions.Builder options) {
        server = new NodeServer(serverOptions);
        runtime = ClientRuntime.create(1);
        socket = IO.socket(URI.create(server.url()), options.runtime(runtime).forceNew(true).build());
        await().atMost(WAIT).until(socket::connected);
        return socket;
    }

    private List<JsonNode> requests() {
        return server.process().jsonLines().stream().filter(j -> j.path("type").asText().equals("request")).toList();
    }

    @Test
    void withCredentialsSendsTheSessionCookieBackOnPollingAndTheWebSocketHandshake() throws Exception {
        Socket s = connect("{\"cookie\":true,\"logRequests\":true}", ClientOptions.builder().withCredentials(true));
        await().atMost(WAIT).until(() -> "websocket".equals(s.io().transport()));
        assertThat(s.emitWithAck("echo", 1).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
        List<JsonNode> requests = requests();
        JsonNode handshake = requests.get(0);
        assertThat(handshake.path("sid").isNull()).isTrue();
        assertThat(handshake.path("cookie").isNull()).as("nothing to send before the server set it").isTrue();
        List<JsonNode> inSession = requests.stream().filter(r -> !r.path("sid").isNull()).toList();
        assertThat(inSession).isNotEmpty()
                .anyMatch(r -> r.path("kind").asText().equals("upgrade"))
                .anyMatch(r -> r.path("method").asText().equals("POST"))
                .allSatisfy(r -> assertThat(r.path("cookie").asText()).isEqualTo("io=" + r.path("sid").asText()));
    }

    @Test
    void withoutCredentialsNoCookieIsSent() throws Exception {
        Socket s = connect("{\"cookie\":true,\"logRequests\":true}", ClientOptions.builder());
        await().atMost(WAIT).until(() -> "websocket".equals(s.io().transport()));
        assertThat(s.emitWithAck("echo", 1).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
        assertThat(requests()).hasSizeGreaterThan(2).allSatisfy(r -> assertThat(r.path("cookie").isNull()).isTrue());
    }

    @Test
    void theUsersCookieHeaderIsKeptAndAReconnectionStartsWithAnEmptyJar() throws Exception {
        Socket s = connect("{\"cookie\":true,\"logRequests\":true}", ClientOptions.builder().withCredentials(true)
                .transports(Transport.POLLING).extraHeader("cookie", "mine=1")
                .reconnectionDelay(java.time.Duration.ofMillis(50)).randomizationFactor(0));
        String firstSid = requests().stream().filter(r -> !r.path("sid").isNull()).findFirst().orElseThrow()
                .path("sid").asText();
        await().atMost(WAIT).until(() -> requests().stream().anyMatch(r -> r.path("method").asText().equals("GET")
                && firstSid.equals(r.path("sid").asText())));
        server.command("{\"cmd\":\"closeEngines\"}");
        await().atMost(WAIT).until(() -> requests().stream().filter(r -> r.path("sid").isNull()).count() == 2);
        await().atMost(WAIT).until(s::connected);
        List<JsonNode> handshakes = requests().stream().filter(r -> r.path("sid").isNull()).toList();
        assertThat(handshakes).allSatisfy(r -> assertThat(r.path("cookie").asText()).isEqualTo("mine=1"));
        assertThat(requests().stream().filter(r -> firstSid.equals(r.path("sid").asText())))
                .allSatisfy(r -> assertThat(r.path("cookie").asText()).isEqualTo("mine=1; io=" + firstSid));
    }

    @Test
    void permessageDeflateIsNegotiatedWhenTheServerEnablesIt() throws Exception {
        Socket s = connect("{\"perMessageDeflate\":true}", ClientOptions.builder().transports(Transport.WEBSOCKET));
        JsonNode conn = server.process().awaitType("connection", WAIT);
        assertThat(conn.path("deflate").asBoolean()).isTrue();
        assertThat(s.emitWithAck("echo", BIG).get(10, TimeUnit.SECONDS).asText()).isEqualTo(BIG);
        assertThat(s.compress(false).emitWithAck("echo", BIG).get(10, TimeUnit.SECONDS).asText()).isEqualTo(BIG);
    }

    @Test
    void theClientCanDeclinePermessageDeflate() throws Exception {
        Socket s = connect("{\"perMessageDeflate\":true}", ClientOptions.builder().transports(Transport.WEBSOCKET)
                .perMessageDeflate(false));
        assertThat(server.process().awaitType("connection", WAIT).path("deflate").asBoolean()).isFalse();
        assertThat(s.emitWithAck("echo", BIG).get(10, TimeUnit.SECONDS).asText()).isEqualTo(BIG);
    }

    @Test
    void aServerWithoutDeflateStillWorksAfterAnUpgrade() throws Exception {
        Socket s = connect("{}", ClientOptions.builder());
        JsonNode upgrade = server.process().awaitType("upgrade", WAIT);
        assertThat(upgrade.path("deflate").asBoolean()).isFalse();
        assertThat(s.emitWithAck("echo", BIG).get(10, TimeUnit.SECONDS).asText()).isEqualTo(BIG);
    }
}
