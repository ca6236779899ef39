// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate on the client WebSocket: offered by default, used when the server accepts,
 * per emit ({@code compress}) and above the threshold only, and bounded when inflating.
 */
class PerMessageDeflateTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BIG = "x".repeat(3000);

    private WebSocketEngineServer server;
    private ClientRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect(boolean serverDeflate, ClientOptions.Builder options) throws Exception {
        server = new WebSocketEngineServer(serverDeflate);
        runtime = ClientRuntime.create(1);
        Socket s = IO.socket(URI.create(server.url()), options.runtime(runtime).transports(Transport.WEBSOCKET).build());
        await().atMost(WAIT).until(s::connected);
        return s;
    }

    private WebSocketEngineServer.Received receivedEvent(String name) {
        await().atMost(WAIT).until(() -> server.received.stream().anyMatch(r -> r.text().startsWith("42[\"" + name + "\"")));
        return server.received.stream().filter(r -> r.text().startsWith("42[\"" + name + "\"")).findFirst().orElseThrow();
    }

    @Test
    void theClientCompressesLargeEmitsUnlessTheEmitSaysCompressFalse() throws Exception {
        Socket s = connect(true, ClientOptions.builder());
        assertThat(server.offeredExtensions).singleElement().asString().contains("permessage-deflate");
        s.emit("big", BIG);
        s.compress(false).emit("plain", BIG);
        s.emit("small", "x".repeat(100));
        s.compress(true).emit("bigAgain", BIG);
        assertThat(receivedEvent("big")).satisfies(r -> {
            assertThat(r.compressed()).isTrue();
            assertThat(r.text()).isEqualTo("42[\"big\",\"" + BIG + "\"]");
        });
        assertThat(receivedEvent("plain").compressed()).isFalse();
        assertThat(receivedEvent("small").compressed()).as("under the 1024-byte threshold").isFalse();
        assertThat(receivedEvent("bigAgain").compressed()).isTrue();
        // the handshake packets are small: never compressed
        assertThat(server.received.get(0)).isEqualTo(new WebSocketEngineServer.Received("40", false));
    }

    @Test
    void theThresholdIsConfigurable() throws Exception {
        Socket s = connect(true, ClientOptions.builder().perMessageDeflateThreshold(0));
        s.emit("small", "x");
        assertThat(receivedEvent("small").compressed()).isTrue();
    }

    @Test
    void compressedMessagesFromTheServerAreInflated() throws Exception {
        Socket s = connect(true, ClientOptions.builder());
        List<String> got = new CopyOnWriteArrayList<>();
        s.on("news", args -> got.add(((JsonNode) args[0]).asText()));
        server.sendToAll("42[\"news\",\"" + BIG + "\"]");
        await().atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got.get(0)).isEqualTo(BIG);
    }

    @Test
    void withoutServerSupportMessagesGoUncompressed() throws Exception {
        Socket s = connect(false, ClientOptions.builder());
        s.emit("big", BIG);
        assertThat(receivedEvent("big").compressed()).isFalse();
    }

    @Test
    void perMessageDeflateFalseDoesNotOfferTheExtension() throws Exception {
        Socket s = connect(true, ClientOptions.builder().perMessageDeflate(false));
        s.emit("big", BIG);
        assertThat(receivedEvent("big").compressed()).isFalse();
        assertThat(server.offeredExtensions).singleElement().asString().doesNotContain("permessage-deflate");
    }

    @Test
    void aMessageInflatingPastMaxIncomingBytesClosesTheConnectionAndTheClientReconnects() throws Exception {
        Socket s = connect(true, ClientOptions.builder().maxIncomingBytes(64 * 1024)
                .reconnectionDelay(Duration.ofMillis(50)).randomizationFactor(0));
        List<String> got = new CopyOnWriteArrayList<>();
        s.on("bomb", args -> got.add("bomb"));
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        s.io().once("close", closed::complete);
        CompletableFuture<Object[]> reconnected = new CompletableFuture<>();
        s.io().once("reconnect", reconnected::complete);
        // about 1 KB on the wire, 1 MB once inflated
        server.sendToAll("42[\"bomb\",\"" + "a".repeat(1_000_000) + "\"]");
        assertThat(closed).succeedsWithin(WAIT);
        assertThat(reconnected).succeedsWithin(WAIT);
        await().atMost(WAIT).until(s::connected);
        assertThat(got).isEmpty();
    }

    @Test
    void invalidThresholdIsRefusedAtBuildTime() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientOptions.builder().perMessageDeflateThreshold(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perMessageDeflateThreshold");
    }
}
