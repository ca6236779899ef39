// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers measured side by side, each started exactly as a user would start it: the sio4j
 * chat jar and the Node tutorial server with their defaults (no JVM or Node flags at all), and
 * the two variants of the raw floor. Immutable.
 */
enum ServerKind {
    /** The sio4j chat: {@code java -jar sio4j-chat.jar}. */
    SIO4J("sio4j", true, false),
    /** The socket.io 4.8.4 tutorial server: {@code node server.mjs}. */
    NODE("node", false, false),
    /** The raw Netty floor, a write and a flush per delivery. */
    FLOOR_EACH("floor-flush", true, true),
    /** The raw Netty floor, flushes coalesced per event-loop turn. */
    FLOOR_COALESCE("floor-coalesce", true, true);

    private final String label;
    private final boolean jvm;
    private final boolean raw;

    ServerKind(String label, boolean jvm, boolean raw) {
        this.label = label;
        this.jvm = jvm;
        this.raw = raw;
    }

    /** The name in results and tables. */
    String label() {
        return label;
    }

    /** Whether it is a JVM (its heap can be read with jcmd). */
    boolean jvm() {
        return jvm;
    }

    /** Whether it is the raw floor (no Engine.IO/Socket.IO). */
    boolean raw() {
        return raw;
    }

    /** The command that starts one server (one node, with {@code redisUri} non-null) on a free loopback port. */
    List<String> command(Setup setup, String redisUri) {
        List<String> cmd = new ArrayList<>();
        switch (this) {
            case SIO4J -> {
                cmd.addAll(List.of(setup.java(), "-jar", setup.chatJar().toString(), "--port", "0", "--host", "127.0.0.1"));
                if (redisUri != null) {
                    cmd.addAll(List.of("--redis", redisUri, "--redis-mode", "classic"));
                }
            }
            case NODE -> {
                cmd.addAll(List.of(setup.node(), setup.jsDir().resolve("server.mjs").toString(), "--port", "0", "--host", "127.0.0.1"));
                if (redisUri != null) {
                    cmd.addAll(List.of("--redis", redisUri));
                }
            }
            case FLOOR_EACH, FLOOR_COALESCE -> cmd.addAll(List.of(setup.java(), "-cp", setup.benchClasspath(),
                    "dev.sio4j.bench.BenchMain", "floor", "--flush", this == FLOOR_EACH ? "EACH" : "COALESCE"));
            default -> throw new IllegalStateException(name());
        }
        return cmd;
    }

    /** The kind labelled {@code label}. */
    static ServerKind of(String label) {
        for (ServerKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown server " + label);
    }
}
