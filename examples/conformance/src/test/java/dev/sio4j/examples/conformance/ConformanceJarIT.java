// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import dev.sio4j.testsupport.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the packaged app (run by failsafe after {@code package}): {@code java -jar
 * target/sio4j-conformance.jar} starts each profile on a free port, prints its ready line, and
 * serves a handshake there; bad arguments exit with a usage error.
 */
class ConformanceJarIT {

    private static final Path JAR = Path.of("target", "sio4j-conformance.jar");

    private static Process start(String... args) throws IOException {
        assertThat(JAR).exists();
        List<String> command = new java.util.ArrayList<>(ChildProcess.jvm());
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"protocol", "client", "engine-client"})
    void eachProfileStartsPrintsItsAddressAndServesAHandshake(String profile) throws Exception {
        Process process = start("--port", "0", "--profile", profile);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(ready).startsWith(ConformanceMain.READY_PREFIX + "http://127.0.0.1:").endsWith(" profile=" + profile);
            URI base = URI.create(ready.substring(ConformanceMain.READY_PREFIX.length()).split(" ")[0]);
            RawHttp http = new RawHttp(new InetSocketAddress(base.getHost(), base.getPort()));
            String path = profile.equals("engine-client") ? "/engine.io/" : "/socket.io/";
            RawHttp.Reply reply = http.get(path + "?EIO=4&transport=polling");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).startsWith("0{\"sid\":");
        } finally {
            process.destroy();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--port 0 --profile nope",
        "--profile protocol",
        "--port 70000 --profile protocol",
        "--port -1 --profile client",
        "--port abc --profile client",
        "--port 0",
        "--port 0 --profile protocol --bogus"})
    void badArgumentsAreAUsageError(String args) throws Exception {
        Process process = start(args.split(" "));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("listening");
    }

    @Test
    void aPortInUseIsReportedAndExitsNonZero() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process process = start("--port", String.valueOf(taken.getLocalPort()), "--profile", "protocol");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.exists(JAR)).isTrue();
        }
    }
}
