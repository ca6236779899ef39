// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ClientOptions.Transport;
import dev.sio4j.client.ClientRuntime;
import dev.sio4j.client.IO;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 client instances in one JVM share one runtime's I/O threads (the load driver relies on
 * it): creating them adds no thread, and 1,000 of them connect to a sio4j server in this JVM
 * (2,000 file descriptors with both ends) and each exchange an acknowledged message, in seconds.
 */
class ManyClientsTest {

    private static final int INSTANCES = 10_000;
    private static final int CONNECTED = 1_000;
    private static final int IO_THREADS = 2;

    private SocketIoServer io;
    private ClientRuntime runtime;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.create();
        io.on("connection", s -> s.on("echo", (JsonNode arg, dev.sio4j.server.Ack ack) -> ack.send(arg)));
        runtime = ClientRuntime.create(IO_THREADS);
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(s -> s.io().close());
        runtime.close();
        io.closeAsync().get(20, TimeUnit.SECONDS);
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("sio4j-client")).count();
    }

    @Test
    void tenThousandClientsShareOneRuntimeAndAThousandOfThemExchangeAMessageEach() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + io.listen("127.0.0.1", 0).getPort());
        ClientOptions idle = ClientOptions.builder().runtime(runtime).forceNew(true).autoConnect(false)
                .transports(Transport.WEBSOCKET).build();
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        for (int i = 0; i < INSTANCES; i++) {
            sockets.add(IO.socket(url, idle));
        }
        long createdMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(sockets.stream().map(Socket::io).distinct().count()).as("one manager each").isEqualTo(INSTANCES);
        assertThat(clientThreads()).as("client I/O threads").isLessThanOrEqualTo(IO_THREADS);
        assertThat(Thread.activeCount()).as("JVM threads").isLessThanOrEqualTo(threadsBefore + IO_THREADS);
        assertThat(createdMs).as("ms to create %d clients", INSTANCES).isLessThan(10_000);

        List<Socket> live = sockets.subList(0, CONNECTED);
        start = System.nanoTime();
        live.forEach(Socket::connect);
        await().atMost(Duration.ofSeconds(30)).until(() -> live.stream().allMatch(Socket::connected));
        List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
        for (int i = 0; i < CONNECTED; i++) {
            replies.add(live.get(i).timeout(Duration.ofSeconds(20)).emitWithAck("echo", i));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long exchangeMs = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < CONNECTED; i++) {
            assertThat(replies.get(i).join().asInt()).isEqualTo(i);
        }
        assertThat(io.clientsCount()).isEqualTo(CONNECTED);
        assertThat(clientThreads()).as("still the same I/O threads").isLessThanOrEqualTo(IO_THREADS);
        assertThat(exchangeMs).as("ms to connect and exchange with %d clients", CONNECTED).isLessThan(20_000);
        System.out.printf("created %d clients in %d ms; %d connected and echoed in %d ms%n",
                INSTANCES, createdMs, CONNECTED, exchangeMs);

        live.forEach(s -> s.io().close());
        await().atMost(Duration.ofSeconds(20)).until(() -> io.clientsCount() == 0);
    }
}
