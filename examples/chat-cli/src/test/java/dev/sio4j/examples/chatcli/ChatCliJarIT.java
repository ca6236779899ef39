// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chatcli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's "done when": the terminal chat client's jar talks to the chat server's jar
 * ({@code examples/chat}, the main job), each a process of its own as a user would run them.
 * Two clients on {@code /} and two on {@code /chat} exchange the seed events and print exactly
 * the lines of issue 4 item 7; the chat server is stopped (SIGTERM) and started again on the same
 * port, and every client prints {@code reconnecting N}, {@code reconnected N} and can chat
 * again; at end of input each exits 0 after what it was typed has been sent.
 *
 * <p>Negative checks ("only the recipient", "only /chat") never wait for time to pass: a marker
 * is sent after the message, and once the marker arrived, the message would have too.
 */
class ChatCliJarIT {

    private static final Pattern URL = Pattern.compile(".*open (http://\\S+) in your browser.*");
    private static final String CONNECTED = "connected (\\S+)";

    private final Path chatJar = Path.of(System.getProperty("chat.jar", "../chat/target/sio4j-chat.jar"));
    /**
     * The client's shaded jar in failsafe (which sets {@code chatcli.jar}, after package); its
     * classes when surefire runs this class too ({@code -Dtest=...} selects ITs as well).
     */
    private final List<String> cliLaunch = System.getProperty("chatcli.jar") != null
            ? ChildProcess.jar(Path.of(System.getProperty("chatcli.jar")))
            : ChildProcess.main(ChatCliMain.class);
    private final List<ChildProcess> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(ChildProcess::close);
    }

    private ChildProcess chatServer(int port) {
        ChildProcess chat = start(ChildProcess.start("chat", ChildProcess.java(ChildProcess.jar(chatJar),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--log-level", "WARN")));
        chat.awaitMatch(URL.pattern());
        return chat;
    }

    private ChildProcess cli(String name, String url, String namespace) {
        return start(ChildProcess.start(name, ChildProcess.java(cliLaunch, "--url", url, "--namespace", namespace)));
    }

    private ChildProcess start(ChildProcess p) {
        processes.add(p);
        return p;
    }

    private static String urlOf(ChildProcess chat) {
        Matcher m = URL.matcher(chat.lines().stream().filter(l -> URL.matcher(l).matches()).findFirst().orElseThrow());
        assertThat(m.matches()).isTrue();
        return m.group(1);
    }

    @Test
    void twoTerminalClientsChatThroughTheChatServerOnBothNamespacesAcrossARestart() throws Exception {
        ChildProcess chat = chatServer(0);
        String url = urlOf(chat);
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/?$", "$1"));

        ChildProcess alice = cli("alice", url, "/");
        ChildProcess bob = cli("bob", url, "/");
        ChildProcess carol = cli("carol", url, "/chat");
        ChildProcess dave = cli("dave", url, "chat");   // the leading slash is optional
        String aliceId = alice.awaitMatch(CONNECTED);
        String bobId = bob.awaitMatch(CONNECTED);
        carol.awaitMatch(CONNECTED);
        dave.awaitMatch(CONNECTED);

        // message: a broadcast to every client of "/", the sender included
        alice.writeLine("hello from alice");
        alice.awaitLine("message \"hello from alice\"");
        bob.awaitLine("message \"hello from alice\"");

        // privateMessage: to its recipient only
        bob.writeLine("/pm " + aliceId + " psst");
        bob.writeLine("marker 1");
        alice.awaitLine("privateMessage {\"sender\":\"" + bobId + "\",\"message\":\"psst\"}");
        bob.awaitLine("message \"marker 1\"");
        assertThat(bob.lines()).noneMatch(l -> l.startsWith("privateMessage"));

        // roomMessage: to the room's members only; alice's marker proves her join was handled
        alice.writeLine("/join lobby");
        alice.writeLine("marker 2");
        bob.awaitLine("message \"marker 2\"");
        bob.writeLine("/room lobby anyone here?");
        bob.writeLine("marker 3");
        alice.awaitLine("roomMessage {\"sender\":\"" + bobId + "\",\"message\":\"anyone here?\"}");
        bob.awaitLine("message \"marker 3\"");
        assertThat(bob.lines()).noneMatch(l -> l.startsWith("roomMessage"));

        // /chat is a namespace of its own
        carol.writeLine("on /chat");
        carol.awaitLine("message \"on /chat\"");
        dave.awaitLine("message \"on /chat\"");
        alice.writeLine("marker 4");
        bob.awaitLine("message \"marker 4\"");
        assertThat(alice.lines()).doesNotContain("message \"on /chat\"");
        assertThat(bob.lines()).doesNotContain("message \"on /chat\"");
        assertThat(carol.lines()).doesNotContain("message \"marker 4\"");

        // The server stops (SIGTERM: graceful) and comes back on the same port.
        chat.stop();
        for (ChildProcess p : List.of(alice, bob, carol, dave)) {
            p.awaitMatch("reconnecting (\\d+)");
        }
        alice.writeLine("typed while the server was down");
        chat = chatServer(port);
        for (ChildProcess p : List.of(alice, bob, carol, dave)) {
            int attempts = Integer.parseInt(p.awaitMatch("reconnected (\\d+)"));
            assertThat(attempts).isPositive();
            assertThat(p.lines()).contains("reconnecting " + attempts);
            p.awaitMatch(CONNECTED, 2);
        }
        // buffered while disconnected, sent once on reconnection
        alice.awaitLine("message \"typed while the server was down\"");
        String bobAgain = bob.awaitMatch(CONNECTED, 2);
        assertThat(bobAgain).isNotEqualTo(bobId);
        bob.writeLine("after the restart");
        alice.awaitLine("message \"after the restart\"");
        dave.writeLine("chat after the restart");
        carol.awaitLine("message \"chat after the restart\"");

        // End of input: the last line typed is still sent, then the process exits 0.
        alice.writeLine("bye");
        alice.endInput();
        assertThat(alice.awaitExit()).isZero();
        bob.awaitLine("message \"bye\"");
        for (ChildProcess p : List.of(bob, carol, dave)) {
            p.endInput();
            assertThat(p.awaitExit()).isZero();
        }
        assertThat(alice.lines()).filteredOn(l -> l.equals("message \"typed while the server was down\"")).hasSize(1);
        chat.stop();
    }
}
