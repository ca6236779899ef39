// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official admin UI's page, served by the chat with {@code --admin --admin-password}, in
 * headless Chromium ({@code /usr/bin/chromium} driven by playwright-core from
 * src/test/js/admin-browser.mjs): a wrong password is refused, the right one connects, and the UI
 * shows the chat's namespaces, sockets and rooms, a new room live. Screenshots go to
 * target/screenshots/admin-*.png.
 */
class ChatAdminBrowserTest {

    static final List<String> CHECKS = List.of(
            "connect",
            "a wrong password keeps the login form up with 'invalid credentials'",
            "the right password connects the UI",
            "the dashboard lists the chat's namespaces",
            "the sockets page shows the chat's sockets",
            "the rooms page shows the chat's rooms, and a room joined now appears live",
            "no script errors and no Content-Security-Policy violations on the page");

    private ChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void theOfficialUiShowsTheChatsSocketsAndRooms() throws Exception {
        assertThat(Path.of(System.getProperty("chat.chromium", "/usr/bin/chromium")))
                .as("Debian's chromium must be installed (apt-get install chromium)").isExecutable();
        String password = "browser-test-password";
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build(),
                ChatAdmin.withPassword(password.toCharArray()));
        Path shots = ChatScripts.moduleDir().resolve("target/screenshots");
        Files.createDirectories(shots);
        try (ChildProcess node = ChatScripts.node("admin-browser.mjs", "http://127.0.0.1:" + chat.port(), password, shots.toString())) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(120));
            List<JsonNode> checks = node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).extracting(j -> j.path("name").asText()).containsExactlyElementsOf(CHECKS);
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            assertThat(node.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        assertThat(shots.resolve("admin-rooms.png")).isNotEmptyFile();
    }
}
