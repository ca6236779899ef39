// SPDX-License-Identifier: Apache-2.0
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
                "--redis", "--redis-mode", "--recovery", "--diagnostics", "--tls-cert", "--tls-key", "--jwt-secret",
                "--jwks-url", "--jwt-issuer", "--jwt-audience", "--jwt-clock-skew", "--max-connections-per-ip",
                "--max-events-per-second", "--drain-timeout", "--no-health", "--no-ready", "token");
    }

    static final String SECRET = "a development secret of at least 32 bytes";

    @Test
    void theTokenCommandPrintsATokenTheChatAccepts() throws Exception {
        assertThat(run("token", "--secret", SECRET, "--name", "Alice Smith", "--subject", "u-42", "--ttl", "90m",
                "--issuer", "https://id.example", "--audience", "chat")).isZero();
        String token = out.toString().trim();
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.MACVerifier(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("u-42");
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice Smith");
        assertThat(claims.getIssuer()).isEqualTo("https://id.example");
        assertThat(claims.getAudience()).containsExactly("chat");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(90 * 60_000L);
    }

    @Test
    void theTokensSubjectIsItsNameByDefault() throws Exception {
        assertThat(run("token", "--secret", SECRET, "--name", "alice")).isZero();
        var claims = com.nimbusds.jwt.SignedJWT.parse(out.toString().trim()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--secret=short", "--ttl=0s", "--ttl=soon", "--ttl=-1h", "--name= "})
    void badTokenArgumentsAreUsageErrors(String bad) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("token", "--secret", SECRET, "--name", "alice"));
        args.add(bad); // a repeated option: picocli refuses it, or the later value counts
        int status = run(args.toArray(String[]::new));
        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isNotEmpty();
    }

    @Test
    void theTokenCommandNeedsASecretAndAName() {
        assertThat(run("token", "--name", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("--secret");
        assertThat(run("token", "--secret", SECRET)).isEqualTo(2);
        assertThat(err.toString()).contains("--name");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--jwt-secret=too short",
            "--jwks-url=ftp://id.example/jwks",
            "--jwks-url=not a url",
            "--jwt-issuer=https://id.example",
            "--jwt-audience=chat",
            "--jwt-clock-skew=later",
            "--max-connections-per-ip=0",
            "--max-events-per-second=-5",
            "--tls-cert=/nonexistent/chain.pem"})
    void badSecurityFlagsAreUsageErrors(String bad) {
        assertThat(run("--port", "0", "--host", "127.0.0.1", bad)).isEqualTo(2);
        assertThat(err.toString()).isNotEmpty();
    }

    @Test
    void aSecretAndAJwksUrlAreExclusive() {
        assertThat(run("--port", "0", "--jwt-secret", SECRET, "--jwks-url", "https://id.example/jwks")).isEqualTo(2);
        assertThat(err.toString()).contains("not both");
    }

    @Test
    void tlsFilesGoTogetherAndMustBeReadable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("chain.pem"), "x");
        assertThat(run("--port", "0", "--tls-cert", cert.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(run("--port", "0", "--tls-cert", cert.toString(), "--tls-key", dir.resolve("missing.pem").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the TLS file");
    }

    @Test
    void tlsFilesThatAreNotPemAreReportedNotThrown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("chain.pem"), "not a certificate");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"), "not a key");
        assertThat(run("--host", "127.0.0.1", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("Cannot start: ");
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
        assertThat(defaults.tls()).isNull();
        assertThat(defaults.jwt()).isNull();
        assertThat(defaults.maxConnectionsPerIp()).isZero();
        assertThat(defaults.maxEventsPerSecond()).isZero();
        assertThat(defaults.scheme()).isEqualTo("http");
        assertThatThrownBy(() -> ChatConfig.builder().maxConnectionsPerIp(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatConfig.Jwt.secret("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatConfig.Jwt(SECRET, java.net.URI.create("https://id.example/jwks"), null, null,
                java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChatConfig.Jwt.secret(SECRET).toString()).doesNotContain(SECRET);
        assertThat(ChatConfig.builder().corsOrigins(java.util.List.of("*")).build().anyOrigin()).isTrue();
        assertThatThrownBy(() -> ChatConfig.builder().host(" ").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlToOpen() {
        assertThat(ChatServer.urlOf("0.0.0.0", 3000)).isEqualTo("http://localhost:3000/");
        assertThat(ChatServer.urlOf("::", 3000)).isEqualTo("http://localhost:3000/");
        assertThat(ChatServer.urlOf("127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080/");
        assertThat(ChatServer.urlOf("::1", 8080)).isEqualTo("http://[::1]:8080/");
        assertThat(ChatServer.urlOf("https", "0.0.0.0", 8443)).isEqualTo("https://localhost:8443/");
    }
}
