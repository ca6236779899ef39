// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat's operations surface: {@code /health} and {@code /ready}, each switchable off, and
 * SIGTERM, which drains (503 for new sessions, {@code /ready} 503, clients ended so they
 * reconnect elsewhere) for at most {@code --drain-timeout}, then exits. The chat runs as a child
 * process so that the signal, the shutdown hook and the exit are the real ones.
 */
class ChatDrainTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String pathAndQuery, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ChildProcess startChat(String... extra) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1"));
        args.addAll(List.of(extra));
        return ChildProcess.start("chat", ChildProcess.java(ChildProcess.main(ChatMain.class), args.toArray(String[]::new)));
    }

    private static int portOf(ChildProcess chat) {
        String line = chat.awaitMatch(".*open http://127\\.0\\.0\\.1:\\d+/.*");
        return Integer.parseInt(line.replaceAll(".*open http://127\\.0\\.0\\.1:(\\d+)/.*", "$1"));
    }

    /** A polling session that joined "/" and has not collected the CONNECT answer: the drain waits for it. */
    private static String pollingSessionWithSomethingQueued(int port) throws Exception {
        HttpResponse<String> open = get(port, "/socket.io/?EIO=4&transport=polling");
        assertThat(open.statusCode()).isEqualTo(200);
        String sid = open.body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        assertThat(post(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid, "40").statusCode()).isEqualTo(200);
        return sid;
    }

    @Test
    void sigtermDrainsThenExitsAndTheProbesSaySo() throws Exception {
        try (ChildProcess chat = startChat("--drain-timeout", "60s")) {
            int port = portOf(chat);
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(port, "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.headers().firstValue("cache-control")).hasValue("no-store");
            String sid = pollingSessionWithSomethingQueued(port);

            long signalled = System.nanoTime();
            chat.terminate(); // SIGTERM
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/ready").statusCode() == 503);
            assertThat(get(port, "/ready").body()).contains("draining");
            assertThat(get(port, "/health").statusCode()).as("alive while draining").isEqualTo(200);
            assertThat(get(port, "/socket.io/?EIO=4&transport=polling").statusCode()).as("new sessions").isEqualTo(503);
            assertThat(chat.isAlive()).as("waits for the session that has not collected its data").isTrue();

            // The client collects what was queued for it, then its next poll is the drain's 503:
            // nothing is left, so the chat exits long before the 60 s deadline.
            HttpResponse<String> collected = get(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid);
            assertThat(collected.statusCode()).isEqualTo(200);
            assertThat(collected.body()).startsWith("40{");
            assertThat(get(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(503);
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as("128 + SIGTERM: the JVM's exit after its shutdown hooks").isEqualTo(143);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled)).isLessThan(45);
            assertThat(chat.lines()).anyMatch(l -> l.contains("Shutting down: draining for at most 60s"));
        }
    }

    @Test
    void theDeadlineBoundsTheDrain() throws Exception {
        try (ChildProcess chat = startChat("--drain-timeout", "1s")) {
            int port = portOf(chat);
            pollingSessionWithSomethingQueued(port); // never collected
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as("128 + SIGTERM: the JVM's exit after its shutdown hooks").isEqualTo(143);
            assertThat(chat.lines()).anyMatch(l -> l.contains("Stopped."));
        }
    }

    @Test
    void eachProbeCanBeSwitchedOff() throws Exception {
        try (ChatServer chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build(), ChatAdmin.off(),
                ChatMetrics.loopbackOnly(), new ChatProbes(false, true))) {
            assertThat(get(chat.port(), "/health").statusCode()).isEqualTo(404);
            assertThat(get(chat.port(), "/ready").statusCode()).isEqualTo(200);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.port() + "/ready"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("a probe takes GET and HEAD only").isEqualTo(405);
        }
        try (ChatServer chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build(), ChatAdmin.off(),
                ChatMetrics.loopbackOnly(), ChatProbes.off())) {
            assertThat(get(chat.port(), "/health").statusCode()).isEqualTo(404);
            assertThat(get(chat.port(), "/ready").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBadDrainTimeoutIsAUsageError() {
        var cli = ChatMain.commandLine();
        var err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("--port", "0", "--drain-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("soon");
        assertThat(cli.execute("--port", "0", "--drain-timeout", "-5s")).isEqualTo(2);
    }
}
