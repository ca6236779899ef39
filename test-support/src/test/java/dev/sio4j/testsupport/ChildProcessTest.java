// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @Test
    void collectsLinesTakesInputAndReportsTheExitCode() throws Exception {
        try (ChildProcess p = ChildProcess.start("echo", ChildProcess.java(ChildProcess.main(EchoMain.class), "a", "b"))) {
            p.awaitLine("ready a,b");
            p.writeLine("one");
            p.writeLine("two");
            assertThat(p.awaitMatch("echo (T.*)")).isEqualTo("TWO");
            assertThat(p.awaitMatch("echo (.*)", 1)).isEqualTo("ONE");
            assertThat(p.awaitMatch("echo (.*)", 2)).isEqualTo("TWO");
            assertThat(p.awaitMatch("ready .*")).isEqualTo("ready a,b");
            await().atMost(ChildProcess.WAIT).until(() -> p.errorLines().contains("on stderr"));
            p.endInput();
            assertThat(p.awaitExit()).isEqualTo(3);
            assertThat(p.lines()).containsExactly("ready a,b", "echo ONE", "echo TWO");
        }
    }

    @Test
    void theBuildsExtraJvmArgumentsReachTheChildJvm() throws Exception {
        String before = System.getProperty(ChildProcess.JVM_ARGS_PROPERTY);
        System.setProperty(ChildProcess.JVM_ARGS_PROPERTY, " -Duser.language=tr  -Duser.country=TR -Duser.timezone=Pacific/Kiritimati ");
        List<String> command;
        try {
            command = ChildProcess.java(ChildProcess.main(EchoMain.class));
        } finally {
            if (before == null) {
                System.clearProperty(ChildProcess.JVM_ARGS_PROPERTY);
            } else {
                System.setProperty(ChildProcess.JVM_ARGS_PROPERTY, before);
            }
        }
        assertThat(command.subList(1, 4)).containsExactly("-Duser.language=tr", "-Duser.country=TR", "-Duser.timezone=Pacific/Kiritimati");
        try (ChildProcess p = ChildProcess.start("turkish", command)) {
            p.awaitLine("ready ");
            await().atMost(ChildProcess.WAIT).until(() -> p.errorLines().contains("locale tr-TR zone Pacific/Kiritimati"));
            p.writeLine("istanbul");                   // upper-cased with the root locale: no dotted capital I
            assertThat(p.awaitMatch("echo (.*)")).isEqualTo("ISTANBUL");
            p.endInput();
            assertThat(p.awaitExit()).isEqualTo(3);
        }
    }

    @Test
    void stopEndsAProcessWaitingForInput() throws Exception {
        try (ChildProcess p = ChildProcess.start("idle", ChildProcess.java(ChildProcess.main(EchoMain.class), "hold"))) {
            p.awaitLine("ready hold");
            p.stop();
            assertThat(p.awaitExit()).as("128 + SIGTERM").isEqualTo(143);
        }
    }

    @Test
    void missingJarAndMissingProgramAreReportedAtStart(@TempDir Path dir) {
        assertThatThrownBy(() -> ChildProcess.jar(dir.resolve("absent.jar")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("absent.jar is missing");
        assertThatThrownBy(() -> ChildProcess.start("nothing", List.of(dir.resolve("no-such-program").toString())))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot start nothing");
    }

    @Test
    void typingIntoAFinishedProcessFails() throws Exception {
        try (ChildProcess p = ChildProcess.start("done", ChildProcess.java(ChildProcess.main(EchoMain.class)))) {
            p.awaitLine("ready ");
            p.endInput();
            assertThat(p.awaitExit()).isEqualTo(3);
            assertThatThrownBy(() -> p.writeLine("late")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("done no longer reads its input");
        }
    }

    @Test
    void jsonLinesAreParsedAndAwaitedByType() throws Exception {
        try (ChildProcess p = ChildProcess.start("json", ChildProcess.java(ChildProcess.main(EchoMain.class)))) {
            p.writeLine("raw {\"type\":\"tick\",\"n\":0}");
            p.writeLine("raw not json {");
            p.writeLine("raw {\"type\":\"tick\",\"n\":1}");
            p.writeLine("raw [1,2]");
            p.writeLine("raw {\"type\":\"done\"}");
            assertThat(p.awaitType("done", Duration.ofSeconds(30)).size()).isEqualTo(1);
            List<JsonNode> ticks = p.awaitJsonLines(j -> j.path("type").asText().equals("tick"), 2, Duration.ofSeconds(30));
            assertThat(ticks).extracting(j -> j.path("n").asInt()).containsExactly(0, 1);
            assertThat(p.jsonLines()).hasSize(3);
            assertThat(p.awaitLine(l -> l.startsWith("not json"), Duration.ofSeconds(1))).isEqualTo("not json {");
            p.endInput();
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
        }
    }

    @Test
    void awaitingALineThatNeverComesFailsWithTheOutput() {
        try (ChildProcess p = ChildProcess.start("quiet", ChildProcess.java(ChildProcess.main(EchoMain.class), "x"))) {
            p.awaitLine("ready x");
            await().atMost(ChildProcess.WAIT).until(() -> p.errorLines().contains("on stderr"));
            assertThatThrownBy(() -> p.awaitType("never", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out after")
                    .hasMessageContaining("--- stdout ---\nready x")
                    .hasMessageContaining("on stderr");
        }
    }

    @Test
    void awaitingAfterTheProcessEndedFailsAtOnce() throws Exception {
        try (ChildProcess p = ChildProcess.start("ended", ChildProcess.java(ChildProcess.main(EchoMain.class)))) {
            p.endInput();
            assertThat(p.awaitExit()).isEqualTo(3);
            long start = System.nanoTime();
            assertThatThrownBy(() -> p.awaitLine(l -> l.equals("never"), Duration.ofSeconds(30)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("the process ended")
                    .hasMessageContaining("exited with 3");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void environmentDirectoryAndMergedErrors(@TempDir Path dir) {
        try (ChildProcess p = ChildProcess.builder("sh", List.of("/bin/sh", "-c", "echo \"$SIO4J_X\" in \"$(pwd)\"; echo oops >&2"))
                .env("SIO4J_X", "on").directory(dir).mergeErrors().start()) {
            assertThat(p.awaitExit()).isZero();
            assertThat(p.lines()).containsExactlyInAnyOrder("on in " + dir.toAbsolutePath(), "oops");
            assertThat(p.errorLines()).isEmpty();
        }
    }

    /** Only what it started, by PID: the child and the grandchild; a process started elsewhere lives on. */
    @Test
    void closeKillsTheProcessAndItsDescendants() throws Exception {
        try (ChildProcess other = ChildProcess.start("other", List.of("/bin/sh", "-c", "echo up; exec sleep 300"))) {
            other.awaitLine("up");
            ChildProcess p = ChildProcess.start("parent", List.of("/bin/sh", "-c", "sleep 300 & echo $!; wait"));
            long grandchild = Long.parseLong(p.awaitMatch("(\\d+)"));
            ProcessHandle handle = ProcessHandle.of(grandchild).orElseThrow();
            p.close();
            assertThat(p.isAlive()).isFalse();
            assertThat(handle.onExit()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(other.isAlive()).as("not started by p").isTrue();
        }
    }

    @Test
    void maxLifetimeIsABackstop() {
        try (ChildProcess p = ChildProcess.builder("forgotten", ChildProcess.java(ChildProcess.main(EchoMain.class), "hold"))
                .maxLifetime(Duration.ofMillis(500)).start()) {
            assertThat(p.awaitExit()).isNotZero();
        }
        assertThatThrownBy(() -> ChildProcess.builder("x", List.of("true")).maxLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChildProcess.builder("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
