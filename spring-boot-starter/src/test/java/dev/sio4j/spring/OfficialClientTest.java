// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official socket.io-client (Node, src/test/js/official-client.mjs) against the annotated
 * listener beans: polling then WebSocket, acks from return values, typed arguments, an argument
 * that does not map, and a second namespace.
 */
@SpringBootTest(classes = TestApp.class, properties = {"sio4j.port=0", "sio4j.host=127.0.0.1"})
class OfficialClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${local.sio4j.port}")
    int port;

    @Autowired
    TestApp.EchoListener echo;

    @Test
    void theOfficialClientTalksToListenerBeans() throws Exception {
        List<JsonNode> out = runNode("official-client.mjs", "http://127.0.0.1:" + port + "/");
        assertThat(type(out, "connected").path("welcome").asText()).isEqualTo(type(out, "connected").path("id").asText());
        assertThat(type(out, "echo").path("value").toString()).isEqualTo("{\"a\":[1,\"two\",null]}");
        assertThat(type(out, "order").path("value").path("doubled").asInt()).isEqualTo(6);
        assertThat(type(out, "sum").path("value").asInt()).isEqualTo(42);
        assertThat(type(out, "async").path("value").asText()).isEqualTo("SHOUT");
        assertThat(type(out, "ping").path("value").asText()).isEqualTo("pong");
        assertThat(type(out, "badOrder").path("answered").asBoolean()).isFalse();
        assertThat(type(out, "badOrder").path("connected").asBoolean()).isTrue();
        assertThat(type(out, "afterBad").path("value").asText()).isEqualTo("still here");
        assertThat(type(out, "said").path("value").asText()).isEqualTo("hello room");
        assertThat(type(out, "done").isMissingNode()).isFalse();
    }

    private static JsonNode type(List<JsonNode> out, String type) {
        return out.stream().filter(j -> type.equals(j.path("type").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + out));
    }

    /** Runs {@code node src/test/js/<script> args} to its end (it bounds itself) and returns its JSON lines. */
    static List<JsonNode> runNode(String script, String... args) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("sio4j.spring.jsDir", "src/test/js")).toAbsolutePath();
        assertThat(dir.resolve("node_modules/socket.io-client")).as("npm ci ran (the build does it)").isDirectory();
        List<String> command = new ArrayList<>(List.of(System.getProperty("sio4j.spring.node", "node"), dir.resolve(script).toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("sio4j-node", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("node ended; output:%n%s", text).isTrue();
            assertThat(p.exitValue()).as("node's exit code; output:%n%s", text).isZero();
            List<JsonNode> json = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("{")) {
                    json.add(JSON.readTree(line));
                }
            }
            return json;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
