// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page end to end in headless Chromium ({@code /usr/bin/chromium}, driven by playwright-core
 * from src/test/js/browser.mjs): broadcast between two pages, a private message only to its
 * recipient, a room message only to members, /chat isolated from /, HTML shown as text, a phone
 * layout, and a server restart on the same port that both pages survive. This test owns the
 * server: the script asks for the stop and the start on stdin/stdout.
 *
 * <p>Screenshots go to target/screenshots/. With {@code -Dchat.docsImage=<path>} the script also
 * writes the picture of two chatting pages used by the README (docs/images/chat.png).
 */
class ChatBrowserTest {

    static final List<String> CHECKS = List.of(
            "connect",
            "online users lists every page",
            "broadcast reaches both pages",
            "private message reaches only its recipient",
            "room message reaches only members",
            "/chat is isolated from /",
            "HTML in a message is shown as text and runs nothing",
            "after a server restart both pages reconnect and can send again",
            "phone-sized screen: one column, nothing wider than the screen",
            "no script errors on the pages");

    private ChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void thePageWorksInARealBrowser() throws Exception {
        assertThat(Path.of(System.getProperty("chat.chromium", "/usr/bin/chromium")))
                .as("Debian's chromium must be installed (apt-get install chromium)").isExecutable();
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build());
        int port = chat.port();
        Path shots = ChatScripts.moduleDir().resolve("target/screenshots");
        Files.createDirectories(shots);
        List<String> args = new ArrayList<>(List.of("http://127.0.0.1:" + port, shots.toString()));
        String docsImage = System.getProperty("chat.docsImage");
        if (docsImage != null && !docsImage.isBlank()) {
            args.add(Path.of(docsImage).toAbsolutePath().toString());
        }

        try (ChildProcess node = ChatScripts.node("browser.mjs", args.toArray(String[]::new))) {
            node.awaitType("stop-server", Duration.ofSeconds(150));
            chat.close();
            chat = null;
            node.writeLine("stopped");

            node.awaitType("start-server", Duration.ofSeconds(60));
            chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(port).build());
            node.writeLine("started");

            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            List<JsonNode> checks = node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).extracting(j -> j.path("name").asText()).containsExactlyElementsOf(CHECKS);
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            JsonNode restart = checks.get(CHECKS.indexOf("after a server restart both pages reconnect and can send again"));
            assertThat(restart.path("detail").path("A").asText()).matches("Reconnecting, attempt \\d+…");
            assertThat(restart.path("detail").path("after").asText()).startsWith("Reconnected after ");
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        assertThat(shots.resolve("broadcast-A.png")).isNotEmptyFile();
        assertThat(shots.resolve("reconnected-B.png")).isNotEmptyFile();
    }
}
