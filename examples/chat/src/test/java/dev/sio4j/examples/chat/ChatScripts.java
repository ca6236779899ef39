// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the chat module's Node scripts ({@code src/test/js}) and packages live, and how to start
 * one as a {@link ChildProcess}. The scripts print one JSON object a line ({@code {"type":...}})
 * and bound their own lifetime. {@code chat.moduleDir} (set by the build) and {@code chat.node}
 * override the module directory and the {@code node} executable. Stateless.
 */
final class ChatScripts {

    private ChatScripts() {
    }

    /** The chat module's directory (its node_modules resolve from src/test/js). */
    static Path moduleDir() {
        return Path.of(System.getProperty("chat.moduleDir", ".")).toAbsolutePath().normalize();
    }

    /** Starts {@code node src/test/js/<script> args...} in the scripts' directory. */
    static ChildProcess node(String script, String... args) {
        Path js = moduleDir().resolve("src/test/js").resolve(script);
        if (!Files.isRegularFile(js) || !Files.isDirectory(moduleDir().resolve("node_modules/socket.io-client"))) {
            throw new IllegalStateException("missing " + js + " or node_modules (the build runs npm ci)");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("chat.node", "node"), js.toString()));
        command.addAll(List.of(args));
        return ChildProcess.builder("node " + script, command).directory(js.getParent()).start();
    }
}
