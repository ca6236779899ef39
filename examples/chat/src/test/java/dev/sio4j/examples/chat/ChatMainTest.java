package dev.sio4j.examples.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command line's options and their validation. No test here should start a server that keeps
 * running; the timeout turns a validation that wrongly lets an argument through (and so blocks)
 * into a failure.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ChatMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--port", "--host", "--cors-origin", "--log-level", "PORT environment variable",
                "--redis", "--redis-mode", "--recovery", "--diagnostics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "abc", ""})
    void badPortsAreUsageErrors(String port) {
        assertThat(run("--port", port)).isEqualTo(2);
        assertThat(err.toString()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "ftp://x", "http://a/b", "null", ""})
    void badOriginsAreUsageErrors(String origin) {
        assertThat(run("--port", "0", "--cors-origin", origin)).isEqualTo(2);
        assertThat(err.toString()).contains("origin");
    }

    @Test
    void badLogLevelIsAUsageError() {
        assertThat(run("--port", "0", "--log-level", "LOUD")).isEqualTo(2);
        assertThat(err.toString()).contains("log level");
    }

    @Test
    void aPortInUseIsReportedNotThrown() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(run("--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);
            assertThat(err.toString()).startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void anUnknownHostIsReportedNotThrown() {
        assertThat(run("--host", "no-such-host.invalid", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).startsWith("Cannot listen on no-such-host.invalid:0: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "", "streamz"})
    void badRedisModesAreUsageErrors(String mode) {
        assertThat(run("--port", "0", "--redis", "redis://127.0.0.1:6379", "--redis-mode", mode)).isEqualTo(2);
        assertThat(err.toString()).contains("Redis mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:6379", "http://127.0.0.1:6379", ""})
    void badRedisAddressesAreUsageErrors(String uri) {
        assertThat(run("--port", "0", "--redis", uri)).isEqualTo(2);
        assertThat(err.toString()).contains("Redis address");
    }

    @Test
    void anUnreachableRedisIsReportedNotThrown() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        assertThat(run("--host", "127.0.0.1", "--port", "0", "--redis", "redis://127.0.0.1:" + closed,
                "--redis-mode", "sharded")).isEqualTo(1);
        assertThat(err.toString()).startsWith("Cannot start: cannot join the cluster through redis://127.0.0.1:"
                + closed + " (sharded): ");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--prot", "3000")).isEqualTo(2);
    }

    @Test
    void configDefaultsAndValidation() {
        ChatConfig defaults = ChatConfig.builder().build();
        assertThat(defaults.host()).isEqualTo("0.0.0.0");
        assertThat(defaults.port()).isEqualTo(3000);
        assertThat(defaults.corsOrigins()).isEmpty();
        assertThat(defaults.anyOrigin()).isFalse();
        assertThat(defaults.redis()).isNull();
        assertThat(defaults.redisMode()).isEqualTo(ChatConfig.RedisMode.CLASSIC);
        assertThat(defaults.recovery()).isFalse();
        assertThat(defaults.diagnostics()).isFalse();
        assertThat(ChatConfig.builder().corsOrigins(java.util.List.of("*")).build().anyOrigin()).isTrue();
        assertThatThrownBy(() -> ChatConfig.builder().host(" ").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlToOpen() {
        assertThat(ChatServer.urlOf("0.0.0.0", 3000)).isEqualTo("http://localhost:3000/");
        assertThat(ChatServer.urlOf("::", 3000)).isEqualTo("http://localhost:3000/");
        assertThat(ChatServer.urlOf("127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080/");
        assertThat(ChatServer.urlOf("::1", 8080)).isEqualTo("http://[::1]:8080/");
    }
}
