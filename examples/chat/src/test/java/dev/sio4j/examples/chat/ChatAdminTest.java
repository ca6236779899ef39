// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sio4j.testsupport.RawClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat with {@code --admin}: the official admin UI's files under /admin/, and its protocol
 * driven as the UI's page drives it by src/test/js/admin.mjs (the official socket.io-client in
 * Node), with a password and without one (loopback only).
 */
class ChatAdminTest {

    static final List<String> CHECKS = List.of(
            "connect",
            "wrong credentials are refused with 'invalid credentials' (the UI shows its login again)",
            "a login gets a session id, the config and every socket with its rooms",
            "the session id logs in again without the password",
            "server_stats: the chat's namespaces, clients and aggregated events",
            "live: a socket connects, upgrades, joins a room, sends an event, disconnects",
            "actions: join, emit to a room, leave, disconnect",
            "a malformed action gets action_error on its own session only");

    private final RawClient http = RawClient.shared();
    private ChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    private ChatServer start(ChatAdmin admin) {
        chat = ChatServer.start(ChatConfig.builder().host("127.0.0.1").port(0).build(), admin);
        return chat;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(http.request("http://127.0.0.1:" + chat.port() + path).timeout(Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "password: {0}")
    @ValueSource(strings = {"s3cret pass", "-"})
    void theUisProtocolWithTheOfficialClient(String password) throws Exception {
        start(password.equals("-") ? ChatAdmin.loopbackOnly() : ChatAdmin.withPassword(password.toCharArray()));
        try (ChildProcess node = ChatScripts.node("admin.mjs", "http://127.0.0.1:" + chat.port(), password)) {
            JsonNode done = node.awaitType("done", Duration.ofSeconds(90));
            List<JsonNode> checks = node.jsonLines().stream().filter(j -> j.path("type").asText().equals("check")).toList();
            assertThat(checks).extracting(j -> j.path("name").asText()).containsExactlyElementsOf(CHECKS);
            assertThat(checks).allSatisfy(j -> assertThat(j.path("ok").asBoolean())
                    .as("%s: %s", j.path("name").asText(), j.path("detail")).isTrue());
            assertThat(done.path("failures").asInt()).isZero();
            assertThat(node.awaitExit(Duration.ofSeconds(15))).isZero();
        }
    }

    @Test
    void theUisBuiltFilesAreServedUnderAdmin() throws Exception {
        start(ChatAdmin.loopbackOnly());
        HttpResponse<String> index = get("/admin/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("content-security-policy")).get().asString().contains("script-src 'self'");
        assertThat(index.body()).contains("<title>Socket.IO Admin UI</title>");
        // every script and stylesheet the page names is there (file names carry content hashes)
        List<String> assets = java.util.regex.Pattern.compile("(?:src|href)=\"?((?:js|css)/[^\" >]+)").matcher(index.body())
                .results().map(m -> m.group(1)).distinct().toList();
        assertThat(assets).isNotEmpty();
        for (String asset : assets) {
            HttpResponse<String> r = get("/admin/" + asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).as(asset).startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
        }
        HttpResponse<String> bare = get("/admin");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("location")).hasValue("/admin/");
        assertThat(get("/admin/../index.html").statusCode()).isIn(200, 404);   // never a file outside the jar's set
        assertThat(get("/admin/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).as("the chat's page is still there").isEqualTo(200);
    }

    @Test
    void withoutAdminThereIsNoUiAndNoNamespace() throws Exception {
        start(ChatAdmin.off());
        assertThat(get("/admin/").statusCode()).isEqualTo(404);
        assertThat(get("/admin").statusCode()).isEqualTo(404);
        assertThat(chat.io().namespaces()).extracting(n -> n.name()).doesNotContain("/admin");
    }

    @Test
    void onlyLoopbackAddressesCountAsThisMachine() {
        assertThat(ChatAdmin.isLoopback("127.0.0.1")).isTrue();
        assertThat(ChatAdmin.isLoopback("127.1.2.3")).isTrue();
        assertThat(ChatAdmin.isLoopback("::1")).isTrue();
        assertThat(ChatAdmin.isLoopback("[::1]")).isTrue();
        assertThat(ChatAdmin.isLoopback("::ffff:127.0.0.1")).isTrue();
        assertThat(ChatAdmin.isLoopback("192.168.1.10")).isFalse();
        assertThat(ChatAdmin.isLoopback("10.0.0.1")).isFalse();
        assertThat(ChatAdmin.isLoopback("2001:db8::1")).isFalse();
        assertThat(ChatAdmin.isLoopback("localhost")).as("names are never resolved").isFalse();
        assertThat(ChatAdmin.isLoopback("")).isFalse();
        assertThat(ChatAdmin.isLoopback(null)).isFalse();
    }

    @Test
    void theFlagsChooseTheMode() {
        AdminFlags flags = new AdminFlags();
        assertThat(flags.toChatAdmin().enabled()).isFalse();
        flags.admin = true;
        assertThat(flags.toChatAdmin().passwordProtected()).isFalse();
        flags.password = "pw";
        ChatAdmin withPassword = flags.toChatAdmin();
        assertThat(withPassword.enabled()).isTrue();
        assertThat(withPassword.passwordProtected()).isTrue();
        assertThat(withPassword.toString()).doesNotContain("pw");
        flags.password = "";
        assertThatThrownBy(flags::toChatAdmin).isInstanceOf(IllegalArgumentException.class);

        ChatMain parsed = new ChatMain();
        new picocli.CommandLine(parsed).parseArgs("--admin-password", "from-the-command-line");
        assertThat(parsed.adminFlags.password).isEqualTo("from-the-command-line");
        ChatMain plain = new ChatMain();
        new picocli.CommandLine(plain).parseArgs("--admin");
        assertThat(plain.adminFlags.admin).isTrue();
        java.io.StringWriter help = new java.io.StringWriter();
        ChatMain.commandLine().setOut(new java.io.PrintWriter(help)).execute("--help");
        assertThat(help.toString()).contains("--admin", "--admin-password");
    }
}
