// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.Socket;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventArgumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.sio4j.protocol.AckException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The annotated listener beans and a configurer, through the sio4j Java client. */
@SpringBootTest(classes = TestApp.class, properties = {"sio4j.port=0", "sio4j.host=127.0.0.1"})
class ListenerBeansTest {

    @Value("${local.sio4j.port}")
    int port;

    @Autowired
    TestApp.EchoListener echo;

    private final Clients clients = new Clients();

    @AfterEach
    void close() throws Exception {
        clients.close();
    }

    private static JsonNode ack(Socket s, String event, Object... args) throws Exception {
        return s.timeout(Duration.ofSeconds(5)).emitWithAck(event, args).get(10, TimeUnit.SECONDS);
    }

    @Test
    void onConnectRunsAfterTheEventListenersAreOn() throws Exception {
        Socket s = clients.client(port, "/", b -> { });
        CompletableFuture<String> welcome = new CompletableFuture<>();
        s.on("welcome", String.class, welcome::complete);
        Clients.connect(s).get(10, TimeUnit.SECONDS);
        assertThat(welcome.get(10, TimeUnit.SECONDS)).isNotEmpty().isIn(echo.connected);
        assertThat(ack(s, "echo", Map.of("a", List.of(1, "two"))).toString()).isEqualTo("{\"a\":[1,\"two\"]}");
    }

    @Test
    void typedArgumentsAcksAndReturnValues() throws Exception {
        Socket s = clients.connected(port, "/");
        JsonNode receipt = ack(s, "order", Map.of("item", "tea", "quantity", 3));
        assertThat(receipt.path("item").asText()).isEqualTo("tea");
        assertThat(receipt.path("doubled").asInt()).isEqualTo(6);
        assertThat(receipt.path("socket").asText()).isNotEmpty();
        assertThat(ack(s, "sum", 2, 40).asInt()).isEqualTo(42);
        assertThat(ack(s, "count", List.of(Map.of("item", "a", "quantity", 1), Map.of("item", "b", "quantity", 2))).asInt())
                .as("generic List<Order> parameter").isEqualTo(5);
        assertThat(ack(s, "async", "shout").asText()).isEqualTo("SHOUT");
        assertThat(ack(s, "ping").asText()).as("from the SocketIoConfigurer bean").isEqualTo("pong");
        assertThat(ack(s, "whoami").isNull()).isTrue();
    }

    @Test
    void anArgumentThatDoesNotMapSkipsTheMethodAndKeepsTheSocket() throws Exception {
        Socket s = clients.connected(port, "/");
        int before = echo.errors.size();
        assertThatThrownBy(() -> s.timeout(Duration.ofMillis(300)).emitWithAck("order", "not an order").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AckException.class);
        assertThatThrownBy(() -> s.timeout(Duration.ofMillis(300)).emitWithAck("sum", "x", 1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AckException.class);
        assertThatThrownBy(() -> s.timeout(Duration.ofMillis(300)).emitWithAck("sum", 1).get(10, TimeUnit.SECONDS))
                .as("a missing primitive argument").hasCauseInstanceOf(AckException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> echo.errors.size() >= before + 3);
        List<Throwable> errors = echo.errors.subList(before, before + 3);
        assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(EventArgumentException.class));
        assertThat(((EventArgumentException) errors.get(0)).event()).isEqualTo("order");
        assertThat(((EventArgumentException) errors.get(0)).type()).isEqualTo(TestApp.Order.class);
        assertThat(s.connected()).isTrue();
        assertThat(ack(s, "echo", "still here").asText()).isEqualTo("still here");
    }

    @Test
    void exceptionsOfListenerMethodsGoToTheErrorListeners() throws Exception {
        Socket s = clients.connected(port, "/");
        int before = echo.errors.size();
        s.emit("boom", "x");
        s.emit("checked");
        await().atMost(Duration.ofSeconds(5)).until(() -> echo.errors.size() >= before + 2);
        assertThat(echo.errors.get(before)).isInstanceOf(IllegalStateException.class).hasMessage("boom: x");
        assertThat(echo.errors.get(before + 1)).isInstanceOf(ListenerMethodException.class)
                .hasCauseInstanceOf(java.io.IOException.class).hasMessageContaining("checked");
        assertThat(ack(s, "echo", 1).asInt()).as("still connected").isEqualTo(1);
    }

    @Test
    void onDisconnectGetsTheReason() throws Exception {
        Socket s = clients.connected(port, "/");
        int before = echo.disconnects.size();
        s.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> echo.disconnects.size() > before);
        assertThat(echo.disconnects.get(before)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
    }

    @Test
    void aListenerOfAnotherNamespace() throws Exception {
        Socket a = clients.connected(port, "/chat");
        Socket b = clients.connected(port, "/chat");
        CompletableFuture<String> said = new CompletableFuture<>();
        b.on("said", String.class, said::complete);
        a.emit("say", "hello room");
        assertThat(said.get(10, TimeUnit.SECONDS)).isEqualTo("hello room");
    }
}
