// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.client.DisconnectReason;
import dev.sio4j.client.Socket;
import dev.sio4j.server.SocketIoServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server starts and stops with the context; customizers, opting out, a port in use. */
class LifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class))
            .withPropertyValues("sio4j.port=0", "sio4j.host=127.0.0.1", "sio4j.shutdown-timeout=5s")
            .withBean(TestApp.EchoListener.class);

    @Test
    void closingTheContextEndsTheSessions() throws Exception {
        CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
        try (Clients clients = new Clients()) {
            runner.run(context -> {
                int port = context.getEnvironment().getRequiredProperty("local.sio4j.port", Integer.class);
                Socket s = clients.connected(port, "/");
                s.onDisconnect((reason, cause) -> gone.complete(reason));
                assertThat(context.getBean(SmartLifecycle.class).isRunning()).isTrue();
                assertThat(context.getBean(SocketIoServer.class).clientsCount()).isEqualTo(1);
            });
            // run() closed the context: the lifecycle drained the server, ending the session the
            // way a restarting node does, so the client takes it as a lost connection and
            // reconnects (to another node), not as a disconnect by the server.
            DisconnectReason reason = gone.get(10, TimeUnit.SECONDS);
            assertThat(reason).isIn(DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.TRANSPORT_ERROR);
            assertThat(reason.reconnects()).isTrue();
        }
    }

    @Test
    void customizersChangeTheOptionsAfterTheProperties() {
        runner.withPropertyValues("sio4j.max-namespaces-per-client=3", "sio4j.ping-interval=7s")
                .withBean(SocketIoServerCustomizer.class, () -> b -> b.options(o -> o.maxNamespacesPerClient(9)))
                .run(context -> {
                    SocketIoServer io = context.getBean(SocketIoServer.class);
                    assertThat(io.options().maxNamespacesPerClient()).isEqualTo(9);
                    assertThat(io.options().engineOptions().pingInterval()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void sio4jEnabledFalseBuildsNothing() {
        runner.withPropertyValues("sio4j.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoServer.class));
    }

    @Test
    void attachingToAWebServerThatIsNotThereFailsTheStart() {
        runner.withPropertyValues("sio4j.attach-to-web-server=true").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("sio4j.attach-to-web-server=true needs a WebFlux application on Reactor Netty"));
    }

    @Test
    void aPortInUseFailsTheStartNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("sio4j.port=" + taken.getLocalPort()).run(context -> assertThat(context).hasFailed()
                    .getFailure().hasStackTraceContaining("sio4j could not listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasStackTraceContaining("java.net.BindException"));
        }
    }
}
