// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The example as a user runs it, on a free port, with two sio4j clients. */
@SpringBootTest(properties = {"sio4j.port=0", "sio4j.host=127.0.0.1"})
class ChatApplicationTest {

    @Value("${local.sio4j.port}")
    int port;

    private final List<Socket> clients = new ArrayList<>();

    private Socket connect() throws Exception {
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + port), ClientOptions.builder().autoConnect(false).reconnection(false).build());
        clients.add(s);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        s.on("connect", () -> connected.complete(null));
        s.connect();
        connected.get(10, TimeUnit.SECONDS);
        return s;
    }

    @AfterEach
    void close() throws Exception {
        for (Socket s : clients) {
            s.io().shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageReachesEveryoneAndEchoAnswers() throws Exception {
        Socket alice = connect();
        Socket bob = connect();
        CompletableFuture<JsonNode> received = new CompletableFuture<>();
        bob.on("message", JsonNode.class, received::complete);
        alice.emit("message", Map.of("name", "alice", "text", "hi"));
        JsonNode line = received.get(10, TimeUnit.SECONDS);
        assertThat(line.path("name").asText()).isEqualTo("alice");
        assertThat(line.path("text").asText()).isEqualTo("hi");
        assertThat(line.path("from").asText()).isEqualTo(alice.id());
        assertThat(alice.timeout(Duration.ofSeconds(5)).emitWithAck("echo", List.of(1, 2)).get(10, TimeUnit.SECONDS).toString())
                .isEqualTo("[1,2]");
    }
}
