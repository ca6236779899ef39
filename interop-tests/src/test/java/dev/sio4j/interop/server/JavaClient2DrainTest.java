// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.server.Ack;
import dev.sio4j.server.SocketIoServer;
import dev.sio4j.testsupport.NginxServer;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain seen by a third-party client: socket.io-client-java 2.1.2 (what most Android apps
 * ship), through nginx, on each transport. Its ack in flight is answered by the draining node,
 * then its connection ends the drain's way and it reconnects by itself (a transport close or
 * error, never "io server disconnect"), through nginx to the other node.
 */
class JavaClient2DrainTest {

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<Ack> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TransportMode.class, names = {"POLLING", "WEBSOCKET"})
    void theClientFinishesItsAckThenMovesToTheOtherNode(TransportMode mode) throws Exception {
        SocketIoServer a = SocketIoServer.builder().build();
        SocketIoServer b = SocketIoServer.builder().build();
        for (var pair : List.of(java.util.Map.entry("A", a), java.util.Map.entry("B", b))) {
            pair.getValue().onConnection(s -> {
                s.on("whoami", (JsonNode arg, Ack ack) -> ack.send(pair.getKey()));
                s.on("slow", (JsonNode arg, Ack ack) -> held.add(ack));
            });
            closeables.add(pair.getValue());
        }
        int portA = a.listen("127.0.0.1", 0).getPort();
        int portB = b.listen("127.0.0.1", 0).getPort();
        NginxServer nginx = NginxServer.start(NginxServer.failoverHttpBlock(portA, portB));
        closeables.add(nginx);

        OkHttpClient http = new OkHttpClient.Builder().build();
        closeables.add(() -> {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        });
        IO.Options options = JavaClient2.options(mode, http, null);
        options.reconnection = true;
        options.reconnectionDelay = 100;
        options.reconnectionDelayMax = 500;
        options.randomizationFactor = 0;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + nginx.port()), options);
        closeables.add(socket::close);
        List<String> disconnects = new CopyOnWriteArrayList<>();
        List<String> connects = new CopyOnWriteArrayList<>();
        socket.on(Socket.EVENT_CONNECT, args -> connects.add(socket.id()));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnects.add(String.valueOf(args.length > 0 ? args[0] : "")));
        List<String> trail = new CopyOnWriteArrayList<>(); // for the failure message
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> trail.add("connect_error " + (args.length > 0 ? args[0] : "")));
        socket.io().on(Manager.EVENT_RECONNECT_ATTEMPT, args -> trail.add("reconnect_attempt"));
        socket.io().on(Manager.EVENT_RECONNECT_ERROR, args -> trail.add("reconnect_error " + (args.length > 0 ? args[0] : "")));
        socket.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.size() == 1);
        assertThat(ask(socket, "whoami")).isEqualTo("A");

        CompletableFuture<Object> slow = new CompletableFuture<>();
        socket.emit("slow", new Object[] {1}, args -> slow.complete(args.length > 0 ? args[0] : null));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
        CompletableFuture<Void> drained = a.shutdown(Duration.ofSeconds(20));
        assertThat(a.state()).isEqualTo(SocketIoServer.State.DRAINING);
        held.get(0).send("answered by A");
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("answered by A");

        drained.get(20, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> connects.size() == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no reconnection; events " + trail + ", disconnects " + disconnects, e);
        }
        assertThat(disconnects).hasSize(1);
        assertThat(disconnects.get(0)).as("a lost transport, which the client reconnects after")
                .isIn("transport close", "transport error");
        assertThat(ask(socket, "whoami")).isEqualTo("B");
    }

    private static Object ask(Socket socket, String event) throws Exception {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {0}, args -> reply.complete(args.length > 0 ? args[0] : null));
        return reply.get(10, TimeUnit.SECONDS);
    }
}
