// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.apicheck;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header policy: every Java source file of the repository starts with the line
 * {@value #HEADER}, so that a file copied out of the project still says under which license it
 * may be used (the text is in LICENSE; NOTICE names the copyright holders).
 */
class LicenseHeaderTest {

    static final String HEADER = "// SPDX-License-Identifier: Apache-2.0";

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git");

    @Test
    void everyJavaSourceStartsWithTheLicenseLine() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> Stream.of(ROOT.relativize(p).toString().split("[/\\\\]")).noneMatch(SKIPPED::contains))
                    .toList();
        }
        assertThat(sources).as("Java sources under " + ROOT).hasSizeGreaterThan(100);
        assertThat(sources).filteredOn(p -> !firstLine(p).equals(HEADER))
                .as("files whose first line is not " + HEADER).isEmpty();
    }

    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
