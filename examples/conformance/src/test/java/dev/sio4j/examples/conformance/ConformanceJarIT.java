// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import dev.sio4j.testsupport.ChildProcess;
import dev.sio4j.testsupport.RawClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the packaged app (run by failsafe after {@code package}): {@code java -jar
 * target/sio4j-conformance.jar} starts each profile on a free port, prints its ready line, and
 * serves a handshake there; bad arguments exit with a usage error.
 */
class ConformanceJarIT {

    private static final Path JAR = Path.of("target", "sio4j-conformance.jar");

    private static ChildProcess start(String... args) {
        assertThat(JAR).exists();
        List<String> command = new java.util.ArrayList<>(ChildProcess.jvm());
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return ChildProcess.start("conformance", command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"protocol", "client", "engine-client"})
    void eachProfileStartsPrintsItsAddressAndServesAHandshake(String profile) throws Exception {
        try (ChildProcess process = start("--port", "0", "--profile", profile)) {
            try {
                // the first line it prints
                String ready = process.awaitLine(line -> true, Duration.ofSeconds(30));
                assertThat(ready).startsWith(ConformanceMain.READY_PREFIX + "http://127.0.0.1:").endsWith(" profile=" + profile);
                URI base = URI.create(ready.substring(ConformanceMain.READY_PREFIX.length()).split(" ")[0]);
                RawClient http = RawClient.at(new InetSocketAddress(base.getHost(), base.getPort()));
                String path = profile.equals("engine-client") ? "/engine.io/" : "/socket.io/";
                HttpResponse<String> reply = http.get(path + "?EIO=4&transport=polling");
                assertThat(reply.statusCode()).isEqualTo(200);
                assertThat(reply.body()).startsWith("0{\"sid\":");
            } finally {
                process.stop(Duration.ofSeconds(15)); // exits on SIGTERM
            }
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
        try (ChildProcess process = start(args.split(" "))) {
            assertThat(process.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(String.join("\n", process.lines())).doesNotContain("listening");
        }
    }

    @Test
    void aPortInUseIsReportedAndExitsNonZero() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            try (ChildProcess process = start("--port", String.valueOf(taken.getLocalPort()), "--profile", "protocol")) {
                assertThat(process.awaitExit(Duration.ofSeconds(30))).isNotZero();
            }
            assertThat(Files.exists(JAR)).isTrue();
        }
    }
}
