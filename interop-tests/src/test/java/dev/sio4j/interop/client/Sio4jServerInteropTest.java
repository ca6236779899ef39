// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.Ack;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.IO;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sio4j client against the sio4j server, both on real sockets (server on port 0). */
class Sio4jServerInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private SocketIoServer io;
    private ClientRuntime runtime;
    private String url;

    @BeforeEach
    void start() throws Exception {
        io = SocketIoServer.create();
        io.on("connection", socket -> {
            socket.on("echo", (JsonNode arg, dev.sio4j.server.Ack ack) -> ack.send(arg));
            socket.on("bye", (JsonNode arg) -> socket.disconnect(false));
        });
        io.of("/foo").on("connection", socket -> socket.on("getId", (JsonNode a, dev.sio4j.server.Ack ack) -> ack.send(socket.id())));
        url = "http://127.0.0.1:" + io.listen("127.0.0.1", 0).getPort();
        runtime = ClientRuntime.create(1);
    }

    @AfterEach
    void stop() throws Exception {
        runtime.close();
        io.closeAsync().get(10, TimeUnit.SECONDS);
    }

    private ClientOptions.Builder options() {
        return ClientOptions.builder().runtime(runtime).forceNew(true);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void echoWithNestedBinaryOverEveryTransportMode(String mode) throws Exception {
        ClientOptions.Builder b = options();
        if (mode.equals("polling")) {
            b.transports(Transport.POLLING);
        } else if (mode.equals("websocket")) {
            b.transports(Transport.WEBSOCKET);
        }
        Socket s = IO.socket(URI.create(url), b.build());
        await().atMost(WAIT).until(s::connected);
        JsonNode reply = s.emitWithAck("echo", Map.of("deep", List.of(Map.of("bin", new byte[] {1, 2, 3})))).get(10, TimeUnit.SECONDS);
        assertThat(reply.path("deep").get(0).path("bin").binaryValue()).containsExactly(1, 2, 3);
        if (mode.equals("upgrade")) {
            await().atMost(WAIT).until(() -> "websocket".equals(s.io().transport()));
            assertThat(s.emitWithAck("echo", "after").get(10, TimeUnit.SECONDS).asText()).isEqualTo("after");
        }
        s.disconnect();
    }

    @Test
    void namespacesShareOneConnection() throws Exception {
        Manager manager = IO.manager(URI.create(url), options().build());
        Socket main = manager.socket("/");
        Socket foo = manager.socket("/foo");
        await().atMost(WAIT).until(() -> main.connected() && foo.connected());
        assertThat(foo.emitWithAck("getId", 0).get(10, TimeUnit.SECONDS).asText()).isEqualTo(foo.id());
        assertThat(foo.id()).isNotEqualTo(main.id());
        manager.close();
    }

    @Test
    void aServerDisconnectIsFinal() {
        Socket s = IO.socket(URI.create(url), options().reconnectionDelay(Duration.ofMillis(50)).build());
        List<Object> seen = new CopyOnWriteArrayList<>();
        s.on("disconnect", args -> seen.add(args[0]));
        s.io().on("reconnect_attempt", args -> seen.add("reconnect_attempt"));
        await().atMost(WAIT).until(s::connected);
        s.emit("bye", 1);
        await().atMost(WAIT).until(() -> seen.contains("io server disconnect"));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !seen.contains("reconnect_attempt"));
        assertThat(s.active()).isFalse();
    }

    @Test
    void theClientAcknowledgesAServerEmit() {
        CompletableFuture<List<JsonNode>> answer = new CompletableFuture<>();
        io.on("connection", socket -> socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", 1)
                .thenAccept(r -> answer.complete(List.of(r))));
        Socket s = IO.socket(URI.create(url), options().build());
        s.on("question", args -> ((Ack) args[args.length - 1]).send("answer"));
        assertThat(answer).succeedsWithin(WAIT).satisfies(r -> assertThat(r.get(0).asText()).isEqualTo("answer"));
    }
}
