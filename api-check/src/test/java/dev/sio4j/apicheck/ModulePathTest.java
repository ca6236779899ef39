// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.apicheck;

import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The published modules on the module path: {@link ModularApp} runs in a JVM started with
 * {@code --module-path} (this module's classes and its runtime dependencies, nothing on the
 * class path), so every {@code requires}, {@code exports} and {@code opens} is enforced.
 */
class ModulePathTest {

    private static List<String> command(List<String> options) throws IOException {
        String dependencies = Files.readString(Path.of(System.getProperty("apicheck.dependencies")), StandardCharsets.UTF_8).strip();
        List<String> command = new ArrayList<>(ChildProcess.jvm());
        command.addAll(List.of("-Xmx128m", "--module-path", System.getProperty("apicheck.classes") + File.pathSeparator + dependencies));
        command.addAll(options);
        command.addAll(List.of("-m", "dev.sio4j.apicheck/dev.sio4j.apicheck.ModularApp"));
        return command;
    }

    /**
     * Without options, the optional epoll modules are on the module path but not resolved: the
     * engine must fall back to NIO. With them added (Linux x86_64 or aarch64), it runs on epoll.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void aServerAndAClientRunAsNamedModulesAndTheInternalsStayHidden(String transport) throws Exception {
        List<String> options = List.of();
        if (transport.equals("epoll")) {
            String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
            assumeThat(System.getProperty("os.name")).as("epoll is Linux only").isEqualTo("Linux");
            options = List.of("--add-modules", "io.netty.transport.classes.epoll,io.netty.transport.epoll.linux." + arch);
        }
        ChildProcess app = ChildProcess.start("modular-app-" + transport, command(options));
        try {
            int exit = app.awaitExit();
            assertThat(app.lines()).as("stderr: %s", app.errorLines())
                    .contains("ok   dev.sio4j.server named", "ok   dev.sio4j.client named",
                            "ok   dev.sio4j.server hides dev.sio4j.server.internal",
                            "ok   dev.sio4j.redis hides dev.sio4j.redis.internal",
                            "ok   dev.sio4j.admin hides dev.sio4j.admin.internal",
                            "ok   dev.sio4j.spring named", "ok   dev.sio4j.spring hides dev.sio4j.spring.internal",
                            "ok   admin UI instrumented /admin",
                            "ok   dev.sio4j.micrometer named", "ok   dev.sio4j.micrometer hides dev.sio4j.micrometer.internal",
                            "ok   metrics counted 1 connection",
                            "ok   reflection refused on dev.sio4j.server.internal.PendingAcks",
                            "ok   ack \"tea x2\"", "ok   dev.sio4j.auth named",
                            "ok   dev.sio4j.auth hides dev.sio4j.auth.internal", "ok   jwt ack \"Alice\"", "OK");
            assertThat(app.lines()).contains(transport.equals("epoll") ? "ok   epoll resolved" : "ok   epoll absent");
            assertThat(exit).isZero();
        } finally {
            app.close();
        }
    }
}
