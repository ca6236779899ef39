// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.apicheck;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API of every published module, as committed in {@code api-check/api/<module>.txt}:
 * each public or protected type of an exported package with its supertypes and its public and
 * protected members, one signature per line, sorted. A change to the API fails here until the
 * file changes with it, so that every API change is seen in review (and noted in CHANGELOG.md).
 * {@code -Dsio4j.api.accept=true} rewrites the files from the code.
 */
class ApiSignatureTest {

    private static final Path COMMITTED = Path.of("api");

    @TestFactory
    Stream<DynamicTest> thePublicApiIsTheCommittedOne() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ModuleReference module : publishedModules()) {
            String name = module.descriptor().name();
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, signatures(module))));
        }
        assertThat(tests).as("published modules found on the test's dependencies").hasSizeGreaterThanOrEqualTo(7);
        return tests.stream();
    }

    private static void check(String module, List<String> actual) throws IOException {
        Path file = COMMITTED.resolve(module + ".txt");
        if (Boolean.getBoolean("sio4j.api.accept")) {
            Files.createDirectories(COMMITTED);
            Files.write(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("the API file of %s (create it with -Dsio4j.api.accept=true)", module).exists();
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<String> added = new TreeSet<>(actual);
        added.removeAll(expected);
        Set<String> removed = new TreeSet<>(expected);
        removed.removeAll(actual);
        assertThat(added.isEmpty() && removed.isEmpty())
                .as("the public API of %s changed; if on purpose, run the build with -Dsio4j.api.accept=true, "
                        + "commit %s and say so in CHANGELOG.md%n  added:%n    %s%n  removed:%n    %s", module, file,
                        String.join("\n    ", added), String.join("\n    ", removed))
                .isTrue();
    }

    /** The sio4j modules among this module's runtime dependencies, except this one. */
    private static List<ModuleReference> publishedModules() throws IOException {
        String dependencies = Files.readString(Path.of(System.getProperty("apicheck.dependencies")), StandardCharsets.UTF_8).strip();
        Path[] paths = Arrays.stream(dependencies.split(java.io.File.pathSeparator)).map(Path::of).toArray(Path[]::new);
        return ModuleFinder.of(paths).findAll().stream()
                .filter(m -> m.descriptor().name().startsWith("dev.sio4j."))
                .sorted((a, b) -> a.descriptor().name().compareTo(b.descriptor().name()))
                .toList();
    }

    private static List<String> signatures(ModuleReference module) throws IOException {
        Set<String> exported = module.descriptor().exports().stream()
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> lines = new TreeSet<>();
        try (ModuleReader reader = module.open()) {
            List<String> classes = reader.list()
                    .filter(r -> r.endsWith(".class") && !r.endsWith("module-info.class"))
                    .map(r -> r.substring(0, r.length() - ".class".length()).replace('/', '.'))
                    .filter(c -> exported.contains(c.substring(0, c.lastIndexOf('.'))))
                    .toList();
            for (String name : classes) {
                Class<?> type = load(name);
                if (visible(type)) {
                    describe(type, lines);
                }
            }
        }
        return new ArrayList<>(lines);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSignatureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is in a published jar but not on the test class path", e);
        }
    }

    /** Public, or protected in a public type, all the way out. */
    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            int m = t.getModifiers();
            if (t.isSynthetic() || t.isAnonymousClass() || t.isLocalClass()
                    || !(Modifier.isPublic(m) || (Modifier.isProtected(m) && t.getDeclaringClass() != null))) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> type, Set<String> lines) {
        String name = type.getName();
        StringBuilder head = new StringBuilder(type.toGenericString());
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum() && !type.isRecord()) {
            head.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        String interfaces = Arrays.stream(type.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName)
                .collect(Collectors.joining(", "));
        if (!interfaces.isEmpty()) {
            head.append(type.isInterface() ? " extends " : " implements ").append(interfaces);
        }
        lines.add(name + " : " + head);
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            add(name, c, c.toGenericString(), lines);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!m.isBridge()) {
                add(name, m, m.toGenericString(), lines);
            }
        }
        for (Field f : type.getDeclaredFields()) {
            add(name, f, f.toGenericString(), lines);
        }
    }

    private static void add(String owner, Member member, String signature, Set<String> lines) {
        int m = member.getModifiers();
        if (!member.isSynthetic() && (Modifier.isPublic(m) || Modifier.isProtected(m))) {
            lines.add(owner + " : " + signature);
        }
    }

}
