// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official socket.io-client (Node, src/test/js/official-client.mjs) against the annotated
 * listener beans: polling then WebSocket, acks from return values, typed arguments, an argument
 * that does not map, and a second namespace.
 */
@SpringBootTest(classes = TestApp.class, properties = {"sio4j.port=0", "sio4j.host=127.0.0.1"})
class OfficialClientTest {


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
    static List<JsonNode> runNode(String script, String... args) {
        Path dir = Path.of(System.getProperty("sio4j.spring.jsDir", "src/test/js")).toAbsolutePath();
        assertThat(dir.resolve("node_modules/socket.io-client")).as("npm ci ran (the build does it)").isDirectory();
        List<String> command = new ArrayList<>(List.of(System.getProperty("sio4j.spring.node", "node"), dir.resolve(script).toString()));
        command.addAll(List.of(args));
        try (ChildProcess node = ChildProcess.builder("node " + script, command).directory(dir).mergeErrors().start()) {
            assertThat(node.awaitExit(Duration.ofSeconds(60))).as("node's exit code" + node.describe()).isZero();
            return node.jsonLines();
        }
    }
}
