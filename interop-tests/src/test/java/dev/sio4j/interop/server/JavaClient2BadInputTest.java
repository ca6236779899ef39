// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.engineio.client.Socket;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.sio4j.interop.server.JavaClient2.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad Socket.IO packets sent through socket.io-client-java's own Engine.IO transport
 * (io.socket:engine.io-client): the server closes the offending session, and a healthy old client
 * on the same server goes on unaffected. Only that is checked; what the server logs is not.
 *
 * <p>The close is observed on the server: engine.io-client-java 2.x does not act on a WebSocket
 * Close frame from the server (its OkHttp listener has no {@code onClosing}), so the raw client
 * itself would learn of it only at its next failed write or its heartbeat deadline.
 */
class JavaClient2BadInputTest {

    @RegisterExtension
    static final SharedInteropServer shared = new SharedInteropServer();

    static final OkHttpClient HTTP = new OkHttpClient();

    @AfterAll
    static void stopHttp() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2/chat,[\"hello\"]",                                        // EVENT to a namespace it did not join
            "5x-[\"e\",{\"_placeholder\":true,\"num\":0}]",              // attachment count that is no number
            "599-[\"e\",{\"_placeholder\":true,\"num\":0}]",             // more attachments than allowed (10)
            "51-[\"e\",{\"_placeholder\":true,\"num\":3}]",              // placeholder beyond the attachments
    })
    void aBadPacketClosesOnlyItsSession(String packet) throws Exception {
        try (JavaClient2 healthy = JavaClient2.connect(JavaClient2.uri(shared.server().address(), "/"),
                JavaClient2.options(TransportMode.WEBSOCKET, HTTP, Map.of()), "disconnect")) {
            healthy.awaitConnect();

            Socket.Options options = new Socket.Options();
            options.transports = new String[] {"websocket"};
            options.path = "/socket.io/";
            options.callFactory = HTTP;
            options.webSocketFactory = HTTP;
            Socket raw = new Socket("http://127.0.0.1:" + shared.server().address().getPort(), options);
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            raw.on(Socket.EVENT_MESSAGE, args -> messages.add(String.valueOf(args[0])));
            raw.on(Socket.EVENT_OPEN, args -> raw.send("0"));        // CONNECT to "/"
            raw.open();
            try {
                String connect = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(connect).as("CONNECT answer").startsWith("0{\"sid\":");
                String id = OfficialClient.JSON.readTree(connect.substring(1)).path("sid").asText();
                dev.sio4j.server.Socket victim = shared.server().socket("/", id);
                CompletableFuture<String> reason = new CompletableFuture<>();
                victim.on("disconnect", (JsonNode r) -> reason.complete(r.asText()));

                raw.send(packet);
                if (packet.startsWith("51-")) {
                    raw.send(new byte[] {1});                        // the one attachment announced
                }
                // The server ends the session: the socket is disconnected and the connection gone.
                assertThat(reason.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("forced close");
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> shared.server().io().clientsCount() == 1);
            } finally {
                raw.close();
            }

            // The healthy client is still connected, on its transport, and answered.
            assertThat(healthy.emitWithAck("echo", "still here").get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .containsExactly("still here");
            assertThat(healthy.socket().connected()).isTrue();
            assertThat(healthy.pending("disconnect")).isZero();
        }
    }
}
