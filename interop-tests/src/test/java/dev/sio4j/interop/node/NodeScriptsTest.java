// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeScriptsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void capturesJsonLinesArgumentsAndEnvironment() {
        try (ChildProcess node = NodeScripts.node(NodeScripts.script("harness/lines.mjs"))
                .args("a", "b c").env("SIO4J_HARNESS", "on").start()) {
            JsonNode ready = node.awaitType("ready", WAIT);
            assertThat(ready.path("args").toString()).isEqualTo("[\"a\",\"b c\"]");
            assertThat(ready.path("env").asText()).isEqualTo("on");
            List<JsonNode> ticks = node.awaitJsonLines(j -> j.path("type").asText().equals("tick"), 3, WAIT);
            assertThat(ticks).extracting(j -> j.path("n").asInt()).containsExactly(0, 1, 2);
            assertThat(node.awaitLine(l -> l.startsWith("plain"), WAIT)).isEqualTo("plain text line");
        }
    }

    @Test
    void stdinCommandsAndExitCode() {
        try (ChildProcess node = NodeScripts.start(NodeScripts.script("harness/lines.mjs"))) {
            node.writeLine("héllo");
            assertThat(node.awaitType("echo", WAIT).path("line").asText()).isEqualTo("héllo");
            node.writeLine("exit 7");
            assertThat(node.awaitExit(WAIT)).isEqualTo(7);
            assertThat(node.errorLines()).contains("to stderr");
        }
    }

    @Test
    void awaitingALineThatNeverComesFailsWithTheOutput() {
        try (ChildProcess node = NodeScripts.start(NodeScripts.script("harness/lines.mjs"))) {
            node.awaitType("ready", WAIT);
            assertThatThrownBy(() -> node.awaitType("never", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out")
                    .hasMessageContaining("plain text line");
        }
    }

    @Test
    void awaitingAfterTheProcessEndedFailsAtOnce() {
        try (ChildProcess node = NodeScripts.start(NodeScripts.script("harness/lines.mjs"))) {
            node.writeLine("exit 0");
            node.awaitExit(WAIT);
            long start = System.nanoTime();
            assertThatThrownBy(() -> node.awaitType("never", Duration.ofSeconds(30)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("the process ended");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeKillsAHangingProcessAndMaxLifetimeIsABackstop() {
        ChildProcess node = NodeScripts.start(NodeScripts.script("harness/lines.mjs"));
        node.writeLine("hang");
        node.close();
        assertThat(node.isAlive()).isFalse();

        try (ChildProcess limited = NodeScripts.node(NodeScripts.script("harness/lines.mjs"))
                .maxLifetime(Duration.ofMillis(500)).start()) {
            limited.awaitType("ready", WAIT);
            assertThat(limited.awaitExit(WAIT)).isNotZero();
        }
    }

    @Test
    void unknownScriptIsRefused() {
        assertThatThrownBy(() -> NodeScripts.script("harness/nope.mjs"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope.mjs");
        assertThatThrownBy(() -> NodeScripts.node(NodeScripts.script("harness/lines.mjs")).maxLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
