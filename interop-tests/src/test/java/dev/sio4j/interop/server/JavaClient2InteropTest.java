// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.protocol.AckException;
import dev.sio4j.server.Socket;
import io.socket.client.Ack;
import io.socket.client.AckWithTimeout;
import io.socket.client.IO;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sio4j.interop.server.JavaClient2.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * socket.io-client-java 2.1 (io.socket:socket.io-client, the client of most Android apps) against
 * the sio4j server, in each transport mode: namespaces on one connection, middleware refusals,
 * acks both ways, binary at the top level and inside objects and arrays, both ways.
 */
class JavaClient2InteropTest {

    @RegisterExtension
    static final SharedInteropServer shared = new SharedInteropServer();

    /** One OkHttp client for every old client of the class, shut down at the end (its threads are not daemons). */
    static final OkHttpClient HTTP = new OkHttpClient();

    @AfterAll
    static void stopHttp() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    private static IO.Options options(TransportMode mode) {
        return JavaClient2.options(mode, HTTP, Map.of("token", "t-1"));
    }

    private static JavaClient2 connect(TransportMode mode, String namespace, String... events) {
        return JavaClient2.connect(JavaClient2.uri(shared.server().address(), namespace), options(mode), events);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void twoNamespacesOnOneConnectionOverTheExpectedTransport(TransportMode mode) throws Exception {
        try (JavaClient2 main = connect(mode, "/", "welcome");
             JavaClient2 chat = main.sibling("/chat", options(mode), "auth")) {
            String mainId = main.awaitConnect();
            String chatId = chat.awaitConnect();
            assertThat(chat.socket().io()).isSameAs(main.socket().io());
            // Each namespace socket has its own id (socket.io v3+), which sio4j knows.
            assertThat(chatId).isNotEqualTo(mainId);
            assertThat(shared.server().socket("/chat", chatId).connected()).isTrue();

            JSONObject welcome = (JSONObject) main.awaitEvent("welcome")[0];
            assertThat(welcome.getString("id")).isEqualTo(mainId);
            assertThat(welcome.getJSONObject("auth").getString("token")).isEqualTo("t-1");
            assertThat(((JSONObject) chat.awaitEvent("auth")[0]).getString("token")).isEqualTo("t-1");

            if (mode == TransportMode.POLLING_WITH_UPGRADE) {
                await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                        .until(() -> main.transports().equals(List.of("polling", "websocket")));
            } else {
                assertThat(main.transports()).containsExactly(mode.finalTransport());
            }
            // Still working on the final transport, on both namespaces.
            assertThat(main.emitWithAck("echo", "after").get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("after");
            assertThat(chat.emitWithAck("echo", "chat").get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("chat");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void middlewareRefusalUnknownAndDynamicNamespaces(TransportMode mode) throws Exception {
        try (JavaClient2 main = connect(mode, "/")) {
            main.awaitConnect();
            IO.Options wrongToken = JavaClient2.options(mode, HTTP, Map.of("token", "wrong"));
            try (JavaClient2 refused = main.sibling("/private", wrongToken);
                 JavaClient2 unknown = main.sibling("/nope", options(mode));
                 JavaClient2 dynamic = main.sibling("/dyn-7", options(mode), "dyn")) {
                JSONObject error = (JSONObject) refused.awaitConnectError();
                assertThat(error.getString("message")).isEqualTo("not allowed");
                assertThat(error.getJSONObject("data").getInt("code")).isEqualTo(42);
                assertThat(((JSONObject) unknown.awaitConnectError()).getString("message")).isEqualTo("Invalid namespace");
                dynamic.awaitConnect();
                assertThat(dynamic.awaitEvent("dyn")).containsExactly("/dyn-7");
            }
            // The refusals left the connection and its other namespace alone.
            assertThat(main.emitWithAck("echo", 1).get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(1);
            // A new connection: the old Manager caches a namespace's socket, with the auth it was made with.
            IO.Options goodToken = JavaClient2.options(mode, HTTP, Map.of("token", "ok"));
            try (JavaClient2 allowed = JavaClient2.connect(
                    JavaClient2.uri(shared.server().address(), "/private"), goodToken, "inside")) {
                allowed.awaitConnect();
                assertThat(allowed.awaitEvent("inside")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientToServerAcks(TransportMode mode) throws Exception {
        try (JavaClient2 main = connect(mode, "/")) {
            main.awaitConnect();
            Object[] reply = main.emitWithAck("echo", 1, "two", new JSONObject().put("three", new JSONArray().put(3)))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply).hasSize(3);
            assertThat(reply[0]).isEqualTo(1);
            assertThat(reply[1]).isEqualTo("two");
            assertThat(((JSONObject) reply[2]).getJSONArray("three").getInt(0)).isEqualTo(3);

            // The old client's own ack timeout: the server never answers "ignored".
            CompletableFuture<String> outcome = new CompletableFuture<>();
            main.socket().emit("ignored", new Object[] {"x"}, new AckWithTimeout(300) {
                @Override
                public void onSuccess(Object... args) {
                    outcome.complete("answered");
                }

                @Override
                public void onTimeout() {
                    outcome.complete("timeout");
                }
            });
            assertThat(outcome.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("timeout");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverToClientAcks(TransportMode mode) throws Exception {
        try (JavaClient2 main = connect(mode, "/")) {
            main.socket().on("question", args -> ((Ack) args[args.length - 1]).call(args[0], "ok"));
            main.socket().on("binaryQuestion", args -> ((Ack) args[args.length - 1]).call(new byte[] {4, 2}));
            Socket socket = shared.server().socket("/", main.awaitConnect());

            JsonNode answer = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", 42)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(answer.asInt()).isEqualTo(42);
            JsonNode bytes = socket.timeout(Duration.ofSeconds(5)).emitWithAck("binaryQuestion")
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(bytes.binaryValue()).containsExactly(4, 2);

            // No listener for "silent" on the old client: no ack, the server's timeout fires.
            CompletableFuture<JsonNode> silent = socket.timeout(Duration.ofMillis(300)).emitWithAck("silent");
            assertThatThrownBy(() -> silent.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(AckException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void binaryTopLevelAndNestedBothWays(TransportMode mode) throws Exception {
        try (JavaClient2 main = connect(mode, "/", "fromServer")) {
            Socket socket = shared.server().socket("/", main.awaitConnect());
            JSONObject nested = new JSONObject()
                    .put("a", new JSONArray().put(1).put(new byte[] {1, 2, 3}))
                    .put("b", new JSONObject().put("c", new byte[0]).put("d", "text"));
            Object[] reply = main.emitWithAck("echo", nested, new byte[] {(byte) 255, 0}, new JSONArray().put(new byte[] {5}))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            JSONObject echoed = (JSONObject) reply[0];
            assertThat((byte[]) echoed.getJSONArray("a").get(1)).containsExactly(1, 2, 3);
            assertThat((byte[]) echoed.getJSONObject("b").get("c")).isEmpty();
            assertThat(echoed.getJSONObject("b").getString("d")).isEqualTo("text");
            assertThat((byte[]) reply[1]).containsExactly(255, 0);
            assertThat((byte[]) ((JSONArray) reply[2]).get(0)).containsExactly(5);

            socket.emit("fromServer", Map.of("deep", List.of(Map.of("x", new byte[] {7, 8}))),
                    ByteBuffer.wrap(new byte[] {9}), List.of(new byte[] {10}, "y"), "plain");
            Object[] received = main.awaitEvent("fromServer");
            JSONObject deep = ((JSONObject) received[0]).getJSONArray("deep").getJSONObject(0);
            assertThat((byte[]) deep.get("x")).containsExactly(7, 8);
            assertThat((byte[]) received[1]).containsExactly(9);
            assertThat((byte[]) ((JSONArray) received[2]).get(0)).containsExactly(10);
            assertThat(((JSONArray) received[2]).getString(1)).isEqualTo("y");
            assertThat(received[3]).isEqualTo("plain");
        }
    }

    @Test
    void disconnectsFromEitherSide() throws Exception {
        try (JavaClient2 main = connect(TransportMode.WEBSOCKET, "/", "disconnect")) {
            Socket socket = shared.server().socket("/", main.awaitConnect());
            socket.disconnect(false);
            // socket.io's reason for a server-side disconnect: the old client does not reconnect after it.
            assertThat(main.awaitEvent("disconnect")).containsExactly("io server disconnect");
            assertThat(main.socket().connected()).isFalse();
        }
        try (JavaClient2 main = connect(TransportMode.POLLING, "/")) {
            Socket socket = shared.server().socket("/", main.awaitConnect());
            CompletableFuture<String> reason = new CompletableFuture<>();
            socket.on("disconnect", (JsonNode r) -> reason.complete(r.asText()));
            main.socket().disconnect();
            assertThat(reason.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("client namespace disconnect");
        }
    }
}
