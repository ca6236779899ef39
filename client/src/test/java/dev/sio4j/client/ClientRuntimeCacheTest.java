// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared runtime's manager cache: multiplexing while a manager lives, empty once they are closed. */
class ClientRuntimeCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ClientRuntime runtime = ClientRuntime.create(2);
    private FakeEngineServer server;

    @AfterEach
    void tearDown() throws Exception {
        runtime.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tenThousandCreateCloseCyclesLeaveTheCacheEmpty() {
        ClientOptions options = ClientOptions.builder().runtime(runtime).autoConnect(false).build();
        URI main = URI.create("http://127.0.0.1:9/");
        URI admin = URI.create("http://127.0.0.1:9/admin");
        Manager previous = null;
        for (int i = 0; i < 10_000; i++) {
            Socket a = IO.socket(main, options);
            Socket b = IO.socket(admin, options);
            assertThat(b.io()).as("multiplexed while cached").isSameAs(a.io());
            assertThat(a.io()).as("a closed manager is not handed out again").isNotSameAs(previous);
            assertThat(runtime.cachedManagers()).isEqualTo(1);
            if (i % 2 == 0) {
                assertThat(a.io().shutdown()).succeedsWithin(WAIT);
            } else {
                a.io().close();   // hops to the manager's loop: watch closely rather than every 100 ms
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(WAIT)
                        .until(() -> runtime.cachedManagers() == 0);
            }
            assertThat(runtime.cachedManagers()).isZero();
            previous = a.io();
        }
    }

    @Test
    void aManagerWhoseLastSocketLeftLeavesTheCache() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        ClientOptions options = ClientOptions.builder().runtime(runtime)
                .transports(ClientOptions.Transport.POLLING).build();
        URI uri = URI.create(server.url());
        for (int i = 0; i < 20; i++) {
            Socket s = IO.socket(uri, options);
            await().atMost(WAIT).until(s::connected);
            assertThat(runtime.cachedManagers()).isEqualTo(1);
            s.disconnect();
            await().atMost(WAIT).until(() -> runtime.cachedManagers() == 0);
            assertThat(s.io().transport()).isNull();
        }
        assertThat(server.handshakes.get()).isEqualTo(20);
    }

    @Test
    void aReopenedManagerWorksUncachedAndTheNextSocketGetsANewOne() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        ClientOptions options = ClientOptions.builder().runtime(runtime)
                .transports(ClientOptions.Transport.POLLING).build();
        URI uri = URI.create(server.url());
        Socket s = IO.socket(uri, options);
        await().atMost(WAIT).until(s::connected);
        s.io().shutdown().get(10, TimeUnit.SECONDS);
        assertThat(runtime.cachedManagers()).isZero();

        s.connect();
        await().atMost(WAIT).until(s::connected);
        Socket other = IO.socket(URI.create(server.url() + "/other"), options);
        assertThat(other.io()).isNotSameAs(s.io());
        assertThat(runtime.cachedManagers()).isEqualTo(1);
        await().atMost(WAIT).until(other::connected);
    }

    @Test
    void closingTheRuntimeClosesAndForgetsItsManagers() throws Exception {
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
        ClientOptions options = ClientOptions.builder().runtime(runtime)
                .transports(ClientOptions.Transport.POLLING).build();
        Socket s = IO.socket(URI.create(server.url()), options);
        await().atMost(WAIT).until(s::connected);
        runtime.close();
        assertThat(runtime.cachedManagers()).isZero();
        await().atMost(WAIT).until(() -> !s.connected());
    }
}
