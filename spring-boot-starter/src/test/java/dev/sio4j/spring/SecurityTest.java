// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code sio4j.security.enabled=true}: handshakes authenticated by the application's manager. */
@SpringBootTest(classes = {TestApp.class, SecurityTest.Users.class},
        properties = {"sio4j.port=0", "sio4j.host=127.0.0.1", "sio4j.security.enabled=true"})
class SecurityTest {

    /** One user, alice, behind a blocking AuthenticationManager. */
    @Configuration
    static class Users {
        @Bean
        AuthenticationManager authenticationManager() {
            var users = new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
            return new ProviderManager(new DaoAuthenticationProvider(users));
        }
    }

    @Value("${local.sio4j.port}")
    int port;

    private final Clients clients = new Clients();

    @AfterEach
    void close() throws Exception {
        clients.close();
    }

    /** Connects once; returns the connect_error's message, or fails if the socket connects. */
    private static String refusal(Socket s) {
        Throwable error = catchThrowable(() -> Clients.connect(s).get(10, TimeUnit.SECONDS));
        assertThat(error).as("refused").isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectError.class);
        return error.getCause().getMessage();
    }

    private static JsonNode whoami(Socket s) throws Exception {
        return s.timeout(Duration.ofSeconds(5)).emitWithAck("whoami").get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutOrWithWrongCredentialsTheSocketIsRefused() {
        assertThat(refusal(clients.client(port, "/", b -> { }))).isEqualTo("unauthorized");
        assertThat(refusal(clients.client(port, "/", b -> b.auth(Map.of("username", "alice", "password", "wrong")))))
                .isEqualTo("unauthorized");
        assertThat(refusal(clients.client(port, "/", b -> b.extraHeader("Authorization", "Basic !!not base64"))))
                .isEqualTo("unauthorized");
        assertThat(refusal(clients.client(port, "/chat", b -> b.auth(Map.of("username", "bob", "password", "secret")))))
                .as("a namespace created after the security configurer ran").isEqualTo("unauthorized");
    }

    @Test
    void theUserFromTheAuthPayloadOrTheBasicHeaderIsTheSocketsIdentity() throws Exception {
        Socket payload = clients.client(port, "/", b -> b.auth(Map.of("username", "alice", "password", "secret")));
        Clients.connect(payload).get(10, TimeUnit.SECONDS);
        assertThat(whoami(payload).asText()).isEqualTo("alice");

        String basic = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        Socket header = clients.client(port, "/", b -> b.extraHeader("Authorization", "Basic " + basic));
        Clients.connect(header).get(10, TimeUnit.SECONDS);
        assertThat(whoami(header).asText()).isEqualTo("alice");

        Socket chat = clients.client(port, "/chat", b -> b.auth(Map.of("username", "alice", "password", "secret")));
        Clients.connect(chat).get(10, TimeUnit.SECONDS);
        assertThat(chat.connected()).isTrue();
    }

    @Test
    void aReactiveManagerIsPreferredAndWithoutAnyManagerTheStartFails() throws Exception {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoSecurityAutoConfiguration.class))
                .withPropertyValues("sio4j.port=0", "sio4j.host=127.0.0.1", "sio4j.security.enabled=true")
                .withBean(TestApp.EchoListener.class);
        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .hasMessageContaining("needs one ReactiveAuthenticationManager or AuthenticationManager bean"));
        runner.withBean(ReactiveAuthenticationManager.class, () -> new UserDetailsRepositoryReactiveAuthenticationManager(
                        new MapReactiveUserDetailsService(User.withUsername("carol").password("{noop}pw").roles("USER").build())))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int p = context.getEnvironment().getRequiredProperty("local.sio4j.port", Integer.class);
                    try (Clients own = new Clients()) {
                        assertThat(refusal(own.client(p, "/", b -> b.auth(Map.of("username", "carol", "password", "no")))))
                                .isEqualTo("unauthorized");
                        Socket carol = own.client(p, "/", b -> b.auth(Map.of("username", "carol", "password", "pw")));
                        Clients.connect(carol).get(10, TimeUnit.SECONDS);
                        assertThat(whoami(carol).asText()).isEqualTo("carol");
                    }
                });
    }
}
