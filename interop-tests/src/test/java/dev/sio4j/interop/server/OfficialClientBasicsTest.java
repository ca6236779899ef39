// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.protocol.AckException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official socket.io-client 4.8 (Node) against the sio4j server, in each transport mode:
 * namespaces and middleware, acks both ways with timeouts, binary at nested positions, a 900 KB
 * message.
 */
class OfficialClientBasicsTest {

    @RegisterExtension
    static final SharedInteropServer shared = new SharedInteropServer();

    private static OfficialClient client(TransportMode mode) {
        return OfficialClient.start(shared.server().address(), mode, o -> {
            o.putArray("namespaces").add("/").add("/chat");
            o.putObject("auth").put("token", "t-1");
            o.putArray("noAck").add("silent");
        });
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void connectsToNamespacesOverTheExpectedTransport(TransportMode mode) {
        try (OfficialClient client = client(mode)) {
            JsonNode main = client.awaitConnect("/");
            client.awaitConnect("/chat");
            ArrayNode welcome = client.awaitEvent("/", "welcome");
            assertThat(welcome.get(0).path("id").asText()).isEqualTo(main.path("id").asText());
            assertThat(welcome.get(0).path("auth").path("token").asText()).isEqualTo("t-1");
            assertThat(client.awaitEvent("/chat", "auth").get(0).path("token").asText()).isEqualTo("t-1");
            // The namespace socket has its own id, distinct per namespace.
            assertThat(client.awaitConnect("/chat").path("id").asText()).isNotEqualTo(main.path("id").asText());
            if (mode == TransportMode.POLLING_WITH_UPGRADE) {
                assertThat(client.awaitType("upgrade").path("transport").asText()).isEqualTo("websocket");
            } else {
                assertThat(main.path("transport").asText()).isEqualTo(mode.finalTransport());
            }
            // Round trip after the upgrade settled: still working on the final transport.
            String id = client.emitWithAck("/", "echo", Duration.ofSeconds(5), "after");
            assertThat(client.awaitAck(id).path("args").toString()).isEqualTo("[\"after\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void middlewareUnknownAndDynamicNamespaces(TransportMode mode) {
        try (OfficialClient client = client(mode)) {
            client.awaitConnect("/");
            client.connect("/private", OfficialClient.JSON.createObjectNode().put("token", "wrong"));
            JsonNode refused = client.awaitConnectError("/private");
            assertThat(refused.path("message").asText()).isEqualTo("not allowed");
            assertThat(refused.path("data").toString()).isEqualTo("{\"code\":42}");

            client.connect("/nope", null);
            assertThat(client.awaitConnectError("/nope").path("message").asText()).isEqualTo("Invalid namespace");

            client.connect("/dyn-7", null);
            client.awaitConnect("/dyn-7");
            assertThat(client.awaitEvent("/dyn-7", "dyn").get(0).asText()).isEqualTo("/dyn-7");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientToServerAcksAndTimeouts(TransportMode mode) {
        try (OfficialClient client = client(mode)) {
            client.awaitConnect("/");
            String echoed = client.emitWithAck("/", "echo", Duration.ofSeconds(5), 1, "two", Map.of("three", List.of(3)));
            JsonNode ack = client.awaitAck(echoed);
            assertThat(ack.path("error").isNull()).isTrue();
            assertThat(ack.path("args").toString()).isEqualTo("[1,\"two\",{\"three\":[3]}]");

            String plain = client.emitWithAck("/chat", "echo", null, "no timeout");
            assertThat(client.awaitAck(plain).path("args").toString()).isEqualTo("[\"no timeout\"]");

            String unanswered = client.emitWithAck("/", "ignored", Duration.ofMillis(300), "x");
            assertThat(client.awaitAck(unanswered).path("error").asText()).isEqualTo("operation has timed out");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverToClientAcksAndTimeouts(TransportMode mode) throws Exception {
        try (OfficialClient client = client(mode)) {
            var socket = shared.server().socket("/", InteropServer.id(client.awaitConnect("/")));
            JsonNode answer = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", 42, "extra")
                    .get(10, TimeUnit.SECONDS);
            assertThat(answer.asInt()).isEqualTo(42);
            assertThat(client.awaitEvent("/", "question").toString()).isEqualTo("[42,\"extra\"]");

            CompletableFuture<JsonNode> silent = socket.timeout(Duration.ofMillis(300)).emitWithAck("silent");
            assertThatThrownBy(() -> silent.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AckException.class);
            assertThat(client.awaitEvent("/", "silent").toString()).isEqualTo("[]");

            // A broadcast with a timeout gathers one answer per client. It targets this client's
            // socket-id room: clients of earlier tests may linger as sockets until their heartbeat
            // times out, and a broadcast to them all would wait for them.
            String chatId = InteropServer.id(client.awaitConnect("/chat"));
            List<JsonNode> all = shared.server().io().of("/chat").to(chatId).timeout(Duration.ofSeconds(5))
                    .emitWithAck("poll", "p").get(10, TimeUnit.SECONDS);
            assertThat(all).hasSize(1);
            assertThat(all.get(0).toString()).contains("p");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void binaryAtNestedPositionsBothWays(TransportMode mode) {
        try (OfficialClient client = client(mode)) {
            var socket = shared.server().socket("/", InteropServer.id(client.awaitConnect("/")));
            Object nested = Map.of(
                    "a", List.of(1, OfficialClient.bin(new byte[] {1, 2, 3})),
                    "b", Map.of("c", OfficialClient.bin(new byte[0]), "d", "text"));
            String id = client.emitWithAck("/", "echo", Duration.ofSeconds(5), nested, OfficialClient.bin(new byte[] {(byte) 255, 0}));
            JsonNode args = client.awaitAck(id).path("args");
            assertThat(OfficialClient.bytes(args.path(0).path("a").path(1))).containsExactly(1, 2, 3);
            assertThat(OfficialClient.bytes(args.path(0).path("b").path("c"))).isEmpty();
            assertThat(args.path(0).path("b").path("d").asText()).isEqualTo("text");
            assertThat(OfficialClient.bytes(args.path(1))).containsExactly(255, 0);

            socket.emit("fromServer", Map.of("deep", List.of(Map.of("x", new byte[] {7, 8}))),
                    ByteBuffer.wrap(new byte[] {9}), "plain");
            ArrayNode received = client.awaitEvent("/", "fromServer");
            assertThat(OfficialClient.bytes(received.path(0).path("deep").path(0).path("x"))).containsExactly(7, 8);
            assertThat(OfficialClient.bytes(received.path(1))).containsExactly(9);
            assertThat(received.path(2).asText()).isEqualTo("plain");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aMessageOf900KilobytesBothWays(TransportMode mode) {
        try (OfficialClient client = client(mode)) {
            var socket = shared.server().socket("/", InteropServer.id(client.awaitConnect("/")));
            String big = "x".repeat(900_000);
            String id = client.emitWithAck("/", "echo", Duration.ofSeconds(20), big);
            JsonNode ack = client.awaitAck(id);
            assertThat(ack.path("error").isNull()).isTrue();
            assertThat(ack.path("args").path(0).asText()).isEqualTo(big);

            byte[] bytes = new byte[900_000];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            socket.emit("bigBinary", (Object) bytes);
            assertThat(OfficialClient.bytes(client.awaitEvent("/", "bigBinary").get(0))).isEqualTo(bytes);
        }
    }
}
