// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chatcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.server.SocketIoServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The terminal client against a sio4j chat server on port 0: output lines, commands, exit code. */
class ChatCliMainTest {

    private SocketIoServer io;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        io = SocketIoServer.create();
        // As the chat's JWT middleware answers: only a client that brings the right token gets in.
        io.use((socket, next) -> {
            String token = socket.handshake().auth().path("token").asText("");
            if (token.isEmpty() || token.equals(TOKEN)) {
                next.proceed();
            } else {
                next.fail(new dev.sio4j.server.ConnectError("unauthorized", java.util.Map.of("reason", "invalid_token")));
            }
        });
        io.on("connection", socket -> {
            socket.on("message", (JsonNode m) -> io.emit("message", m));
            socket.on("joinRoom", (JsonNode room) -> socket.join(room.asText()));
            // ordered as the chat server sends it: sender, then message
            socket.on("roomMessage", (JsonNode m) -> io.to(m.path("room").asText()).emit("roomMessage",
                    JsonNodeFactory.instance.objectNode().put("sender", socket.id()).put("message", m.path("message").asText())));
        });
        port = io.listen("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        io.closeAsync().get(10, TimeUnit.SECONDS);
    }

    @Test
    void printsConnectedAndMessagesSendsCommandsAndExitsZeroAtEndOfInput() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(new PipedInputStream(typing), StandardCharsets.UTF_8));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                new CommandLine(new ChatCliMain(in, out)).execute("--url", "http://127.0.0.1:" + port));

        await().atMost(Duration.ofSeconds(10)).until(() -> captured.toString(StandardCharsets.UTF_8).startsWith("connected "));
        typing.write("hi there\n/join r1\n/room r1 yo\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> captured.toString(StandardCharsets.UTF_8).contains("roomMessage "));
        typing.close();
        assertThat(exit).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(0);

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).matches("connected \\S+");
        String id = lines[0].substring("connected ".length());
        assertThat(lines).contains("message \"hi there\"",
                "roomMessage {\"sender\":\"" + id + "\",\"message\":\"yo\"}");
    }

    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private record Run(CompletableFuture<Integer> exit, ByteArrayOutputStream captured, PipedOutputStream typing) {
        String output() {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    private Run run(String... args) throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(new PipedInputStream(typing), StandardCharsets.UTF_8));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        return new Run(CompletableFuture.supplyAsync(() -> new CommandLine(new ChatCliMain(in, out)).execute(args)),
                captured, typing);
    }

    @Test
    void theTokenGoesInTheAuthPayload() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        io.on("connection", socket -> seen.set(socket.handshake().auth().path("token").asText(null)));
        Run r = run("--url", "http://127.0.0.1:" + port, "--token", TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.output().startsWith("connected "));
        assertThat(seen.get()).isEqualTo(TOKEN);
        r.typing().close();
        assertThat(r.exit()).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(0);
    }

    @Test
    void aRefusedTokenIsPrintedWithItsReason() throws Exception {
        Run r = run("--url", "http://127.0.0.1:" + port, "--token", "wrong");
        await().atMost(Duration.ofSeconds(10)).until(() -> r.output().contains("connect_error "));
        assertThat(r.output()).startsWith("connect_error unauthorized {\"reason\":\"invalid_token\"}");
        r.typing().close();
        // a refused socket does not reconnect: end of input does not wait for it
        assertThat(r.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
    }

    @Test
    void theUrlOptionIsRequired() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new ChatCliMain(new BufferedReader(new InputStreamReader(System.in)),
                new PrintStream(new ByteArrayOutputStream())));
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(cl.execute()).isEqualTo(2);
        assertThat(err.toString()).contains("--url");
    }
}
