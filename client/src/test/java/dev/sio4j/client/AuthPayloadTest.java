// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bad auth supplier fails its own socket's connect (connect_error), never the connection nor the other sockets. */
class AuthPayloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeEngineServer server;
    private Manager manager;

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.shutdown().get(5, TimeUnit.SECONDS);
        }
        server.close();
    }

    private Manager manager() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        manager = IO.manager(URI.create(server.url()), ClientOptions.builder()
                .transports(ClientOptions.Transport.POLLING).build());
        return manager;
    }

    private static CompletableFuture<ConnectError> connectError(Socket s) {
        CompletableFuture<ConnectError> error = new CompletableFuture<>();
        s.on("connect_error", args -> error.complete((ConnectError) args[0]));
        return error;
    }

    @Test
    void aThrowingAuthSupplierFailsOnlyItsSocket() throws Exception {
        Manager m = manager();
        AtomicInteger asked = new AtomicInteger();
        Socket bad = m.socket("/bad", ClientOptions.builder().autoConnect(false).auth(() -> {
            asked.incrementAndGet();
            throw new IllegalStateException("no token yet");
        }).build());
        CompletableFuture<ConnectError> error = connectError(bad);
        bad.connect();
        Socket good = m.socket("/good", ClientOptions.builder().auth(Map.of("token", "t")).build());

        assertThat(error).succeedsWithin(WAIT).satisfies(e -> {
            assertThat(e.getMessage()).contains("no token yet");
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        });
        await().atMost(WAIT).until(good::connected);
        assertThat(bad.connected()).isFalse();
        assertThat(asked.get()).isEqualTo(1);
        assertThat(server.received).contains("0/good,{\"token\":\"t\"}").noneMatch(p -> p.startsWith("0/bad"));
    }

    @Test
    void anAuthSupplierThatGivesNoObjectFailsItsSocket() throws Exception {
        Manager m = manager();
        Socket bad = m.socket("/bad", ClientOptions.builder().autoConnect(false).auth(() -> List.of(1, 2)).build());
        CompletableFuture<ConnectError> error = connectError(bad);
        bad.connect();
        assertThat(error).succeedsWithin(WAIT)
                .satisfies(e -> assertThat(e.getMessage()).contains("auth must map to a JSON object"));
        Socket good = m.socket("/good");
        await().atMost(WAIT).until(good::connected);
        assertThat(server.received).noneMatch(p -> p.startsWith("0/bad"));
    }
}
