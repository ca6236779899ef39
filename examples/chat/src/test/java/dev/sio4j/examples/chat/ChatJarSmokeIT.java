// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import dev.sio4j.testsupport.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's main command, exactly: {@code java -jar examples/chat/target/sio4j-chat.jar
 * --port <free port>}, run as a child process after {@code package}. It must print the URL,
 * serve the page and the client bundle, pass the seed behaviours with the official client, and
 * shut down gracefully on SIGTERM (what Ctrl-C sends the JVM as SIGINT, handled the same way).
 */
class ChatJarSmokeIT {

    private final List<ChildProcess> started = new ArrayList<>();
    private final RawClient http = RawClient.shared();

    @AfterEach
    void stopAll() {
        started.forEach(ChildProcess::close);
    }

    private ChildProcess startJar(Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("chat.jar", "target/sio4j-chat.jar"));
        assertThat(jar).as("the shaded jar").isRegularFile();
        List<String> command = new ArrayList<>(ChildProcess.jvm());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ChildProcess p = ChildProcess.builder("chat", command).env(env).mergeErrors().start();
        started.add(p);
        return p;
    }

    /** Whether any process this test started printed {@code text}. */
    private boolean printed(String text) {
        return started.stream().anyMatch(p -> p.lines().stream().anyMatch(l -> l.contains(text)));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(http.request(url).timeout(Duration.ofSeconds(10)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theMainCommandServesTheChatAndShutsDownGracefully() throws Exception {
        int port = freePort();
        ChildProcess chat = startJar(Map.of(), "--port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("open http://localhost:" + port + "/"));

        HttpResponse<String> page = get("http://127.0.0.1:" + port + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/socket.io/socket.io.min.js", "messageInput");
        for (String file : List.of("socket.io.js", "socket.io.min.js")) {
            HttpResponse<String> js = get("http://127.0.0.1:" + port + "/socket.io/" + file);
            assertThat(js.statusCode()).as(file).isEqualTo(200);
            assertThat(js.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
            assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=0");
            assertThat(js.headers().firstValue("etag")).hasValueSatisfying(e -> assertThat(e).matches("\"4\\.8\\.\\d+\""));
        }

        try (ChildProcess node = ChatScripts.node("seed.mjs", "http://127.0.0.1:" + port, "both")) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            assertThat(done.path("failures").asInt()).as(node.describe()).isZero();
            assertThat(node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).count())
                    .isEqualTo(ChatSeedBehavioursTest.CHECKS.size());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> printed("User disconnected: "));
        assertThat(printed("A user connected: ")).isTrue();

        // a client still connected when the server stops is told (its connection closes) and the process exits 0
        try (ChildProcess watcher = ChatScripts.node("watch.mjs", "http://127.0.0.1:" + port)) {
            watcher.awaitType("connect", Duration.ofSeconds(20));
            chat.terminate();
            JsonNode gone = watcher.awaitType("disconnect", Duration.ofSeconds(20));
            assertThat(gone.path("reason").asText()).isIn("transport close", "io server disconnect");
        }
        assertThat(chat.awaitExit(Duration.ofSeconds(20))).isIn(0, 143);
        await().atMost(Duration.ofSeconds(5)).until(() -> printed("Shutting down"));
    }

    @Test
    void thePortComesFromTheEnvironmentWhenNotGiven() throws Exception {
        int port = freePort();
        startJar(Map.of("PORT", String.valueOf(port)), "--host", "127.0.0.1");
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("open http://127.0.0.1:" + port + "/"));
    }

    /**
     * The JWT secret from the environment rather than the command line (which other users of the
     * machine can read): the token command signs with it and the chat requires tokens signed
     * with it.
     */
    @Test
    void theJwtSecretComesFromTheEnvironment() throws Exception {
        String secret = "a secret kept out of the command line, 32+ bytes";
        ChildProcess token = startJar(Map.of(ChatMain.SECRET_ENV, secret), "token", "--name", "alice");
        assertThat(token.awaitExit(Duration.ofSeconds(30))).isZero();
        String jwt = token.lines().get(token.lines().size() - 1);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(jwt).verify(new com.nimbusds.jose.crypto.MACVerifier(
                secret.getBytes(StandardCharsets.UTF_8)))).isTrue();

        int port = freePort();
        startJar(Map.of(ChatMain.SECRET_ENV, secret), "--host", "127.0.0.1", "--port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("open http://127.0.0.1:" + port + "/"));
        // Printed right after the line above: the reader may not have it yet.
        await().atMost(Duration.ofSeconds(10)).until(() -> printed("Sign-in required: HS256 tokens"));
        dev.sio4j.client.Socket s = dev.sio4j.client.IO.socket(java.net.URI.create("http://127.0.0.1:" + port),
                dev.sio4j.client.ClientOptions.builder().reconnection(false).forceNew(true)
                        .auth(Map.of("token", jwt)).build());
        try {
            await().atMost(Duration.ofSeconds(10)).until(s::connected);
        } finally {
            s.io().shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void adminServesTheUiFromTheJarAndThePasswordComesFromTheEnvironment() throws Exception {
        int port = freePort();
        startJar(Map.of("SIO4J_ADMIN_PASSWORD", "jar-secret"), "--host", "127.0.0.1", "--port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("Admin UI: http://127.0.0.1:" + port + "/admin/"));
        assertThat(printed("user admin")).isTrue();
        assertThat(printed("jar-secret")).as("the password is never printed").isFalse();
        HttpResponse<String> index = get("http://127.0.0.1:" + port + "/admin/");
        assertThat(index.statusCode()).isEqualTo(200);
        // the UI's files are listed from inside the jar: every script the page names is there
        List<String> scripts = java.util.regex.Pattern.compile("src=\"?(js/[^\" >]+)").matcher(index.body())
                .results().map(m -> m.group(1)).toList();
        assertThat(scripts).isNotEmpty();
        for (String script : scripts) {
            assertThat(get("http://127.0.0.1:" + port + "/admin/" + script).statusCode())
                    .as(script).isEqualTo(200);
        }
        try (ChildProcess node = ChatScripts.node("admin.mjs", "http://127.0.0.1:" + port, "jar-secret")) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            assertThat(done.path("failures").asInt()).as("%s", node.jsonLines()).isZero();
        }
    }

    @Test
    void helpAndBadOptions() throws Exception {
        ChildProcess help = startJar(Map.of(), "--help");
        assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> printed("--cors-origin"));

        ChildProcess bad = startJar(Map.of(), "--port", "99999");
        assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    }
}
