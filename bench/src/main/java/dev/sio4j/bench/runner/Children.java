// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes the runner started and has not ended yet; a shutdown hook kills them (each by its
 * own PID), so an interrupted run (Ctrl-C) leaves no server or driver behind. Thread-safe.
 */
final class Children {

    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServerProcess::close), "bench-children"));
    }

    private Children() {
    }

    static void add(ServerProcess p) {
        RUNNING.add(p);
    }

    static void remove(ServerProcess p) {
        RUNNING.remove(p);
    }
}
