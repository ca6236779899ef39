// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

    private final List<Process> started = new ArrayList<>();
    private final List<String> output = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startJar(Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("chat.jar", "target/sio4j-chat.jar"));
        assertThat(jar).as("the shaded jar").isRegularFile();
        List<String> command = new ArrayList<>(ChildProcess.jvm());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        started.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("[chat] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "chat-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private boolean printed(String text) {
        synchronized (output) {
            return output.stream().anyMatch(l -> l.contains(text));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theMainCommandServesTheChatAndShutsDownGracefully() throws Exception {
        int port = freePort();
        Process chat = startJar(Map.of(), "--port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("open http://localhost:" + port + "/"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/socket.io/socket.io.min.js", "messageInput");
        for (String file : List.of("socket.io.js", "socket.io.min.js")) {
            HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/socket.io/" + file))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(js.statusCode()).as(file).isEqualTo(200);
            assertThat(js.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
            assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=0");
            assertThat(js.headers().firstValue("etag")).hasValueSatisfying(e -> assertThat(e).matches("\"4\\.8\\.\\d+\""));
        }

        try (NodeRunner node = NodeRunner.start("seed.mjs", "http://127.0.0.1:" + port, "both")) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            assertThat(done.path("failures").asInt()).as(node.describe()).isZero();
            assertThat(node.json().stream().filter(j -> j.path("type").asText().equals("check")).count())
                    .isEqualTo(ChatSeedBehavioursTest.CHECKS.size());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> printed("User disconnected: "));
        assertThat(printed("A user connected: ")).isTrue();

        // a client still connected when the server stops is told (its connection closes) and the process exits 0
        try (NodeRunner watcher = NodeRunner.start("watch.mjs", "http://127.0.0.1:" + port)) {
            watcher.awaitType("connect", Duration.ofSeconds(20));
            // SIGTERM through the handle: Process.destroy() would also close our end of its output
            chat.toHandle().destroy();
            JsonNode gone = watcher.awaitType("disconnect", Duration.ofSeconds(20));
            assertThat(gone.path("reason").asText()).isIn("transport close", "io server disconnect");
        }
        assertThat(chat.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(chat.exitValue()).isIn(0, 143);
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
        Process token = startJar(Map.of(ChatMain.SECRET_ENV, secret), "token", "--name", "alice");
        assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).isZero();
        String jwt;
        synchronized (output) {
            jwt = output.get(output.size() - 1);
        }
        assertThat(com.nimbusds.jwt.SignedJWT.parse(jwt).verify(new com.nimbusds.jose.crypto.MACVerifier(
                secret.getBytes(StandardCharsets.UTF_8)))).isTrue();

        int port = freePort();
        startJar(Map.of(ChatMain.SECRET_ENV, secret), "--host", "127.0.0.1", "--port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("open http://127.0.0.1:" + port + "/"));
        assertThat(printed("Sign-in required: HS256 tokens")).isTrue();
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        // the UI's files are listed from inside the jar: every script the page names is there
        List<String> scripts = java.util.regex.Pattern.compile("src=\"?(js/[^\" >]+)").matcher(index.body())
                .results().map(m -> m.group(1)).toList();
        assertThat(scripts).isNotEmpty();
        for (String script : scripts) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/" + script))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as(script).isEqualTo(200);
        }
        try (NodeRunner node = NodeRunner.start("admin.mjs", "http://127.0.0.1:" + port, "jar-secret")) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            assertThat(done.path("failures").asInt()).as("%s", node.json()).isZero();
        }
    }

    @Test
    void helpAndBadOptions() throws Exception {
        Process help = startJar(Map.of(), "--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> printed("--cors-origin"));

        Process bad = startJar(Map.of(), "--port", "99999");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
    }
}
