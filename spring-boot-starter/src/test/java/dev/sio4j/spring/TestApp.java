// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Socket;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The application of the starter's tests: annotated listeners on two namespaces and a configurer. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TestApp.EchoListener.class, TestApp.ChatListener.class})
public class TestApp {

    /** An order as a client sends it. */
    public record Order(String item, int quantity) {
    }

    /** What {@code order} answers. */
    public record Receipt(String item, int doubled, String socket) {
    }

    @Bean
    SocketIoConfigurer pingConfigurer() {
        return io -> io.onConnection(s -> s.on("ping", (JsonNode a, Ack ack) -> ack.send("pong")));
    }

    /** The main namespace's listener; records what it saw for the tests. */
    @SocketIoListener
    public static class EchoListener {
        final List<DisconnectReason> disconnects = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<String> connected = new CopyOnWriteArrayList<>();

        @OnConnect
        void connected(Socket socket) {
            socket.onError(errors::add);
            connected.add(socket.id());
            socket.emit("welcome", socket.id());
        }

        @OnDisconnect
        void left(DisconnectReason reason, Socket socket) {
            disconnects.add(reason);
        }

        @OnEvent("echo")
        JsonNode echo(JsonNode arg) {
            return arg;
        }

        @OnEvent("order")
        Receipt order(Socket socket, Order order) {
            return new Receipt(order.item(), order.quantity() * 2, socket.id());
        }

        @OnEvent("sum")
        void sum(int a, int b, Ack ack) {
            ack.send(a + b);
        }

        @OnEvent("count")
        int count(List<Order> orders) {
            return orders.size() + orders.stream().mapToInt(Order::quantity).sum();
        }

        @OnEvent("async")
        CompletionStage<String> later(String text) {
            return CompletableFuture.supplyAsync(() -> text.toUpperCase(Locale.ROOT));
        }

        @OnEvent("boom")
        String boom(String text) {
            throw new IllegalStateException("boom: " + text);
        }

        @OnEvent("checked")
        void checked() throws IOException {
            throw new IOException("disk full");
        }

        @OnEvent("whoami")
        String whoami(Socket socket) {
            return socket.identity();
        }
    }

    /** A listener of namespace {@code /chat}. */
    @SocketIoListener(namespace = "/chat")
    public static class ChatListener {
        @OnConnect
        void join(Socket socket) {
            socket.join("room");
        }

        @OnEvent("say")
        void say(Socket socket, String text) {
            socket.namespace().to("room").emit("said", text);
        }
    }
}
