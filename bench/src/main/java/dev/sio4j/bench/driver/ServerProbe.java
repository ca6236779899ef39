// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the driver reads of the server process from outside, by its PID: CPU time and resident
 * memory from {@code /proc/PID/stat} and {@code /proc/PID/status}, and for a JVM the live heap
 * after a full GC through {@code jcmd} (the JDK's own tool; it changes nothing in the server but
 * the GC it asks for). Stateless apart from the PID; thread-safe.
 */
public final class ServerProbe {

    /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    private final long pid;

    /** A probe of process {@code pid}; 0 or less probes nothing (every reading is -1). */
    public ServerProbe(long pid) {
        this.pid = pid;
    }

    /** Whether there is a process to read. */
    public boolean present() {
        return pid > 0;
    }

    /** User plus system CPU time of the whole process so far, in microseconds, or -1. */
    public long cpuMicros() {
        if (!present()) {
            return -1;
        }
        return cpuMicros(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static long cpuMicros(String stat) {
        // the command name in parentheses may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    /** Resident set size in KiB, or -1. */
    public long rssKb() {
        if (!present()) {
            return -1;
        }
        return rssKb(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Runs {@code jcmd PID GC.run}: a full GC in the server JVM. */
    public void fullGc() {
        jcmd("GC.run");
    }

    /**
     * The live heap after a full GC ({@code jcmd PID GC.class_histogram}, which collects first):
     * class name to {instances, bytes}; the key {@code "Total"} holds the sums.
     */
    public Map<String, long[]> heapHistogram() {
        return parseHistogram(jcmd("GC.class_histogram"));
    }

    static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("Total")) {
                classes.put("Total", new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            } else if (f.length >= 4 && f[0].endsWith(":")) {
                classes.merge(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }

    /**
     * Runs {@code jcmd PID command...} (e.g. {@code JFR.start settings=profile}) and returns what
     * it printed; fails when jcmd does.
     */
    public String jcmd(String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (has the server exited?)", e);
        }
    }
}
