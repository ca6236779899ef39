// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.apicheck;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} block of README.md, the modules' READMEs and docs/ compiles against the
 * published modules, so the docs cannot drift from the API.
 *
 * <p>A block that declares a type is compiled as a file. Any other block is the body of a method
 * that may throw, in a class that imports the API of one side: the server's
 * ({@code dev.sio4j.server}, the engine's, the adapters' and the JWT middleware's), or with
 * {@code <!-- snippet: client -->} on the line before the fence, the client's; {@code <!-- snippet: none -->} imports nothing. A
 * block's own {@code import} lines are kept, and a line {@code ...} stands for elided code. Names a
 * block uses without declaring them (your logger, your token service) are declared on the line
 * before the fence too: {@code <!-- snippet-members: Logger log; String verify(String t) { return t; } -->}.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("^```java\\s*$");
    private static final Pattern SIDE = Pattern.compile("<!--\\s*snippet:\\s*(server|client|none)\\s*-->");
    private static final Pattern MEMBERS = Pattern.compile("<!--\\s*snippet-members:(.*)-->");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(public |final |abstract |sealed )*(class|record|interface|enum) \\w+", Pattern.MULTILINE);

    private static final List<String> COMMON = List.of("java.io.*", "java.net.URI", "java.net.InetSocketAddress", "java.nio.file.*", "java.time.*",
            "java.util.*", "java.util.concurrent.*", "java.util.function.*",
            "com.fasterxml.jackson.databind.JsonNode", "org.slf4j.Logger", "org.slf4j.LoggerFactory");
    private static final List<String> SERVER = List.of("dev.sio4j.server.*", "dev.sio4j.engine.*", "dev.sio4j.adapter.*",
            "dev.sio4j.adapter.cluster.*", "dev.sio4j.redis.*", "dev.sio4j.redis.streams.*", "dev.sio4j.auth.*");
    private static final List<String> CLIENT = List.of("dev.sio4j.client.*");

    /** One java block: where it is, the side whose API it uses, extra members, its text. */
    record Snippet(Path file, int line, String side, String members, String code) {

        String className() {
            String base = ROOT.relativize(file).toString().replaceAll("[^A-Za-z0-9]", "_");
            return "Snippet_" + base + "_" + line;
        }

        String source() {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String l : code.split("\n", -1)) {
                if (l.startsWith("import ")) {
                    imports.append(l).append('\n');
                } else {
                    // keep line numbers: one output line per input line
                    body.append(l.strip().equals("...") ? "// ..." : l).append('\n');
                }
            }
            if (TYPE_DECLARATION.matcher(body).find()) {
                return imports + "\n" + body;
            }
            List<String> auto = new ArrayList<>(side.equals("none") ? List.of() : COMMON);
            auto.addAll(side.equals("server") ? SERVER : side.equals("client") ? CLIENT : List.of());
            StringBuilder src = new StringBuilder(imports);
            auto.forEach(i -> src.append("import ").append(i).append(";\n"));
            src.append("@SuppressWarnings(\"unused\") abstract class ").append(className()).append(" {\n")
                    .append(members).append('\n')
                    .append("void snippet() throws Exception {\n").append(body).append("}\n}\n");
            return src.toString();
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT, 3)) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.startsWith(ROOT.resolve("README.md")))
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return rel.startsWith("docs/") || rel.matches("[\\w-]+/README\\.md") || rel.matches("examples/[\\w-]+/README\\.md");
                    })
                    .sorted().forEach(files::add);
        }
        List<Snippet> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String defaultSide = ROOT.relativize(file).toString().startsWith("client/") ? "client" : "server";
            for (int i = 0; i < lines.size(); i++) {
                if (!FENCE.matcher(lines.get(i)).matches()) {
                    continue;
                }
                String side = defaultSide;
                String members = "";
                for (int j = i - 1; j >= Math.max(0, i - 2); j--) {
                    Matcher s = SIDE.matcher(lines.get(j));
                    Matcher m = MEMBERS.matcher(lines.get(j));
                    if (s.find()) {
                        side = s.group(1);
                    } else if (m.find()) {
                        members = m.group(1).strip();
                    }
                }
                StringBuilder code = new StringBuilder();
                int start = i + 1;
                for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                found.add(new Snippet(file, start + 1, side, members, code.toString()));
            }
        }
        return found;
    }

    @Test
    void everyJavaSnippetInTheDocsCompiles() throws IOException {
        List<Snippet> snippets = snippets();
        assertThat(snippets).as("java snippets found under " + ROOT).hasSizeGreaterThan(5);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("snippets");
        List<JavaFileObject> units = new ArrayList<>();
        for (Snippet s : snippets) {
            units.add(new SimpleJavaFileObject(URI.create("string:///" + s.className() + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.source();
                }
            });
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
            javac.getTask(null, files, diagnostics, options, null, units).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                Snippet s = snippets.stream().filter(x -> d.getSource().getName().contains(x.className())).findFirst().orElseThrow();
                errors.add(ROOT.relativize(s.file()) + " (block at line " + s.line() + "): " + d.getMessage(Locale.ROOT)
                        + "\n    " + s.source().split("\n", -1)[(int) d.getLineNumber() - 1].strip());
            }
        }
        assertThat(errors).as("doc snippets that do not compile").isEmpty();
    }
}
