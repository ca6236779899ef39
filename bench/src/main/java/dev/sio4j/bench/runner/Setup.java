// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runner finds what it starts, and where it writes. Immutable.
 *
 * @param java this JVM's {@code java}, for the chat, the floor and the driver
 * @param node the machine's {@code node}
 * @param chatJar {@code examples/chat/target/sio4j-chat.jar}
 * @param jsDir {@code bench/js}, with the reference Node server and its locked node_modules
 * @param benchClasspath this JVM's class path (the bench jar), for the floor and the driver
 * @param out the directory of this run's results, logs and charts
 * @param jfr whether to record a JFR profile of every sio4j server (a profiling run, not a measurement)
 */
record Setup(String java, String node, Path chatJar, Path jsDir, String benchClasspath, Path out, boolean jfr) {

    /** Checks that everything the run needs is there before the first server starts. */
    void check() {
        if (!Files.isRegularFile(chatJar)) {
            throw new IllegalStateException(chatJar + " is missing: mvn -B -q -pl bench -am package -DskipTests");
        }
        if (!Files.isDirectory(jsDir.resolve("node_modules/socket.io"))) {
            throw new IllegalStateException(jsDir + "/node_modules is missing: the bench build installs it (npm ci)");
        }
    }
}
