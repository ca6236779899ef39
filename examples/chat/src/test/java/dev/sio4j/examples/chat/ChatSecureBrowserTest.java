// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.examples.chat.internal.DevTokens;
import dev.sio4j.testsupport.ChildProcess;
import dev.sio4j.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page with the chat's security flags in headless Chromium (src/test/js/browser-secure.mjs):
 * over https with an HS256 secret, a page asks for a token, refuses a forged one, signs in with a
 * valid one and names users in messages, the user list and private messages, keeps the token
 * across a reload, and asks again when the token expires mid-session; on a chat with
 * {@code --max-connections-per-ip 2 --max-events-per-second 5}, a third page from the same address
 * waits until one closes, and a flood is cut to the rate while the page stays connected.
 */
class ChatSecureBrowserTest {

    static final String SECRET = "the browser test's secret, 32 bytes or more";

    static final List<String> CHECKS = List.of(
            "a page without a token is asked for one",
            "a token the chat did not sign is refused",
            "a valid token signs in and the page shows the user's name",
            "messages, the user list and private messages show names",
            "the token is kept for the tab: a reload signs in again",
            "an expired token ends the session and the page asks for a new one",
            "a third page from one address waits for a free connection",
            "a flood of messages is cut to the rate and the page stays connected",
            "no script errors on the pages");

    @TempDir
    Path dir;

    private ChatServer secure;
    private ChatServer limited;

    @AfterEach
    void stop() {
        if (secure != null) {
            secure.close();
        }
        if (limited != null) {
            limited.close();
        }
    }

    private static String token(String secret, String name, Duration ttl) {
        return DevTokens.sign(secret, name.toLowerCase(java.util.Locale.ROOT), name, Instant.now(), ttl, null, null);
    }

    @Test
    void signInNamesExpiryAndLimitsInARealBrowser() throws Exception {
        assertThat(Path.of(System.getProperty("chat.chromium", "/usr/bin/chromium")))
                .as("Debian's chromium must be installed (apt-get install chromium)").isExecutable();
        TestCertificates certs = TestCertificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        certs.writePem(cert, key);
        // No clock skew, so that the short token ends its session within seconds.
        secure = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0)
                .tls(new ChatConfig.Tls(cert, key)).jwt(ChatConfig.Jwt.secret(SECRET).withClockSkew(Duration.ZERO))
                .build());
        limited = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0)
                .maxConnectionsPerIp(2).maxEventsPerSecond(5).build());
        Path shots = ChatScripts.moduleDir().resolve("target/screenshots");
        Files.createDirectories(shots);
        String forged = token("another secret, also at least 32 bytes long", "Alice", Duration.ofHours(1));

        try (ChildProcess node = ChatScripts.node("browser-secure.mjs", "https://127.0.0.1:" + secure.port(),
                "http://127.0.0.1:" + limited.port(), shots.toString(), token(SECRET, "Alice", Duration.ofHours(1)),
                token(SECRET, "Bob", Duration.ofHours(1)), forged)) {
            JsonNode asked = node.awaitJson(j -> j.path("type").asText().equals("short-token")
                    || j.path("type").asText().equals("done"), Duration.ofSeconds(120));
            if (asked.path("type").asText().equals("short-token")) {
                // exp has whole seconds: this token lives between 3 and 4 seconds from now
                node.writeLine(token(SECRET, "Carol", Duration.ofSeconds(4)));
            }
            JsonNode done = node.awaitType("done", Duration.ofSeconds(150));
            List<JsonNode> checks = node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).extracting(j -> j.path("name").asText()).containsExactlyElementsOf(CHECKS);
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            JsonNode expired = checks.get(CHECKS.indexOf("an expired token ends the session and the page asks for a new one"));
            assertThat(expired.path("detail").path("text").asText()).isEqualTo("Your token has expired: paste a new one.");
            JsonNode limitedPage = checks.get(CHECKS.indexOf("a third page from one address waits for a free connection"));
            assertThat(limitedPage.path("detail").path("refused").asText()).startsWith("Reconnecting, attempt ");
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        assertThat(secure.io().refusals().count(dev.sio4j.engine.RefusalCause.AUTH)).isGreaterThanOrEqualTo(3);
        assertThat(limited.io().refusals().count(dev.sio4j.engine.RefusalCause.LIMIT)).isGreaterThanOrEqualTo(1);
        assertThat(shots.resolve("named-alice.png")).isNotEmptyFile();
        assertThat(shots.resolve("expired-carol.png")).isNotEmptyFile();
    }
}
