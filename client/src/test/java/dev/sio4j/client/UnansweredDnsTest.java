// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sio4j.client.ClientOptions.Transport;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Host name lookups that never answer or fail, with a fake resolver (no network): they hold no
 * event loop, so other clients on the same single thread carry on; they end in connect_error
 * after the timeout and the manager reconnects; closing gives the lookup up.
 */
class UnansweredDnsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SILENT = "dns-never-answers.test";
    private static final String UNKNOWN = "no-such-host.test";

    private final FakeResolvers dns = new FakeResolvers(Set.of(SILENT), Set.of(UNKNOWN));
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ClientRuntime runtime;
    private FakeEngineServer server;

    @BeforeEach
    void start() throws Exception {
        runtime = ClientRuntime.create(1, group -> dns);   // one thread: a blocked lookup would stall everyone
        server = new FakeEngineServer(FakeEngineServer::acceptConnect);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.io().shutdown().get(5, TimeUnit.SECONDS);
        }
        runtime.close();
        server.close();
    }

    private Socket socket(String host, Transport transport, ClientOptions.Builder options) {
        Socket s = IO.socket(URI.create("http://" + host + ":" + server.port()), options.runtime(runtime)
                .forceNew(true).autoConnect(false).transports(transport).build());
        sockets.add(s);
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void aLookupThatNeverAnswersStallsNoOneAndEndsInConnectErrorThenAReconnection(Transport transport) throws Exception {
        Socket stuck = socket(SILENT, transport, ClientOptions.builder().timeout(Duration.ofSeconds(3))
                .reconnectionDelay(Duration.ofMillis(50)).reconnectionDelayMax(Duration.ofMillis(100)));
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        stuck.once("connect_error", error::complete);
        List<Object> attempts = new CopyOnWriteArrayList<>();
        stuck.io().on("reconnect_attempt", args -> attempts.add(args[0]));
        stuck.connect();
        await().atMost(WAIT).until(() -> dns.lookups.contains(SILENT));

        Socket other = socket("localhost", Transport.POLLING, ClientOptions.builder());
        other.connect();
        await().atMost(WAIT).until(other::connected);
        other.emit("meanwhile", 1);
        await().atMost(WAIT).until(() -> server.received.contains("2[\"meanwhile\",1]"));
        assertThat(error).as("the other client got through while the lookup was still out").isNotDone();

        ConnectError e = (ConnectError) error.get(WAIT.toSeconds(), TimeUnit.SECONDS)[0];
        assertThat(e.getMessage()).containsAnyOf("timeout", "took longer than");
        assertThat(stuck.connected()).isFalse();
        await().atMost(WAIT).until(() -> !attempts.isEmpty()
                && dns.lookups.stream().filter(SILENT::equals).count() >= 2);
        assertThat(dns.unanswered.get(0).isCancelled()).as("the abandoned lookup was given up").isTrue();
        assertThat(other.connected()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void anUnknownHostIsAConnectErrorCarryingTheCause(Transport transport) throws Exception {
        Socket s = socket(UNKNOWN, transport, ClientOptions.builder().reconnection(false));
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        s.once("connect_error", error::complete);
        s.connect();
        ConnectError e = (ConnectError) error.get(WAIT.toSeconds(), TimeUnit.SECONDS)[0];
        assertThat(e).hasRootCauseInstanceOf(UnknownHostException.class);
        assertThat(s.connected()).isFalse();
    }

    @Test
    void closingTheManagerGivesUpALookupStillUnderWay() throws Exception {
        Socket s = socket(SILENT, Transport.POLLING, ClientOptions.builder());   // default timeout: 20 s
        s.connect();
        await().atMost(WAIT).until(() -> dns.unanswered.size() == 1);
        s.io().close();
        await().atMost(WAIT).until(() -> dns.unanswered.get(0).isCancelled());
        assertThat(dns.lookups).containsExactly(SILENT);
    }
}
