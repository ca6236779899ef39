// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.server.Ack;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener method whose signature does not fit its annotation fails the start, naming it. */
class BadListenerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class))
            .withPropertyValues("sio4j.port=0", "sio4j.host=127.0.0.1");

    private void refused(Class<?> listener, String... messageParts) {
        runner.withBean(listener).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(IllegalStateException.class);
            assertThat(root.getMessage()).contains(listener.getName()).contains(messageParts);
        });
    }

    @SocketIoListener
    static class TwoSockets {
        @OnEvent("a") void a(Socket one, Socket two) { }
    }

    @SocketIoListener
    static class AckAndReturn {
        @OnEvent("a") String a(String x, Ack ack) { return x; }
    }

    @SocketIoListener
    static class Reserved {
        @OnEvent("disconnect") void a(Socket s) { }
    }

    @SocketIoListener
    static class EmptyName {
        @OnEvent("") void a(Socket s) { }
    }

    @SocketIoListener
    static class ConnectWithPayload {
        @OnConnect void a(Socket s, String x) { }
    }

    @SocketIoListener
    static class ConnectReturns {
        @OnConnect String a(Socket s) { return ""; }
    }

    @SocketIoListener
    static class DisconnectTwice {
        @OnDisconnect void a(DisconnectReason r, DisconnectReason again) { }
    }

    @SocketIoListener
    static class ReasonOnEvent {
        @OnEvent("a") void a(DisconnectReason r) { }
    }

    @SocketIoListener
    static class TwoAnnotations {
        @OnConnect @OnDisconnect void a(Socket s) { }
    }

    @SocketIoListener
    static class Nothing {
        void notAListener() { }
    }

    @Test
    void twoSocketParameters() {
        refused(TwoSockets.class, "a(Socket, Socket)", "more than one Socket");
    }

    @Test
    void anAckParameterAndAReturnValue() {
        refused(AckAndReturn.class, "both takes an Ack and returns a value");
    }

    @Test
    void reservedAndEmptyEventNames() {
        refused(Reserved.class, "\"disconnect\"", "use @OnDisconnect");
        refused(EmptyName.class, "empty event name");
    }

    @Test
    void connectAndDisconnectMethods() {
        refused(ConnectWithPayload.class, "a(Socket, String)", "no parameter or one Socket");
        refused(ConnectReturns.class, "@OnConnect methods return void");
        refused(DisconnectTwice.class, "a Socket, a DisconnectReason, both or neither");
        refused(ReasonOnEvent.class, "only @OnDisconnect methods get");
        refused(TwoAnnotations.class, "more than one of @OnEvent, @OnConnect and @OnDisconnect");
    }

    @Test
    void aListenerBeanWithoutMethods() {
        refused(Nothing.class, "has no @OnEvent, @OnConnect or @OnDisconnect method");
    }
}
