// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's "done when", Node half: the terminal chat client's jar
 * ({@code examples/chat-cli/target/sio4j-chat-cli.jar}) against the official socket.io 4.8 server
 * with the chat's events (js/client/server.mjs): the exact output lines of issue 4 item 7 on
 * {@code /} and {@code /chat}, a restart of the server on the same port, exit 0 at end of input.
 */
class ChatCliOnNodeTest {

    private static final String CONNECTED = "connected (\\S+)";

    private final Path cliJar = Path.of(System.getProperty("sio4j.interop.chatCliJar",
            "../examples/chat-cli/target/sio4j-chat-cli.jar"));
    private final List<ChildProcess> clients = new ArrayList<>();
    private NodeServer server;

    @BeforeEach
    void startServer() {
        server = new NodeServer("{}");
    }

    @AfterEach
    void stop() {
        clients.forEach(ChildProcess::close);
        server.close();
    }

    private ChildProcess cli(String name, String namespace) {
        ChildProcess p = ChildProcess.start(name,
                ChildProcess.java(ChildProcess.jar(cliJar), "--url", server.url(), "--namespace", namespace));
        clients.add(p);
        return p;
    }

    @Test
    void theTerminalClientChatsThroughTheNodeServerAndSurvivesItsRestart() throws Exception {
        ChildProcess alice = cli("alice", "/");
        ChildProcess bob = cli("bob", "/");
        ChildProcess carol = cli("carol", "/chat");
        String aliceId = alice.awaitMatch(CONNECTED);
        String bobId = bob.awaitMatch(CONNECTED);
        carol.awaitMatch(CONNECTED);

        alice.writeLine("hi");
        bob.awaitLine("message \"hi\"");
        alice.awaitLine("message \"hi\"");
        bob.writeLine("/pm " + aliceId + " psst");
        alice.awaitLine("privateMessage {\"sender\":\"" + bobId + "\",\"message\":\"psst\"}");
        alice.writeLine("/join lobby");
        alice.writeLine("marker");
        bob.awaitLine("message \"marker\"");
        bob.writeLine("/room lobby yo");
        alice.awaitLine("roomMessage {\"sender\":\"" + bobId + "\",\"message\":\"yo\"}");
        carol.writeLine("chat only");
        carol.awaitLine("message \"chat only\"");
        bob.writeLine("marker 2");
        alice.awaitLine("message \"marker 2\"");
        assertThat(bob.lines()).noneMatch(l -> l.startsWith("privateMessage") || l.startsWith("roomMessage"));
        assertThat(alice.lines()).doesNotContain("message \"chat only\"");

        server.kill();
        for (ChildProcess p : List.of(alice, bob, carol)) {
            p.awaitMatch("reconnecting (\\d+)");
        }
        server.restart();
        for (ChildProcess p : List.of(alice, bob, carol)) {
            String attempts = p.awaitMatch("reconnected (\\d+)");
            assertThat(p.lines()).contains("reconnecting " + attempts);
            p.awaitMatch(CONNECTED, 2);
        }
        bob.writeLine("back");
        alice.awaitLine("message \"back\"");

        alice.writeLine("bye");
        alice.endInput();
        assertThat(alice.awaitExit()).isZero();
        bob.awaitLine("message \"bye\"");
        for (ChildProcess p : List.of(bob, carol)) {
            p.endInput();
            assertThat(p.awaitExit()).isZero();
        }
    }
}
