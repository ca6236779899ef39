// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @Test
    void collectsLinesTakesInputAndReportsTheExitCode() throws Exception {
        try (ChildProcess p = ChildProcess.start("echo", ChildProcess.java(ChildProcess.main(EchoMain.class), "a", "b"))) {
            p.awaitLine("ready a,b");
            p.type("one");
            p.type("two");
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
            p.type("istanbul");                   // upper-cased with the root locale: no dotted capital I
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
            assertThatThrownBy(() -> p.type("late")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("done no longer reads its input");
        }
    }
}
