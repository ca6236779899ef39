// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code jmh [JMH options]}: JMH's own command line over the benchmarks of
 * {@code dev.sio4j.bench.jmh}, e.g. {@code jmh -prof gc} (allocation rates).
 */
@Command(name = "jmh", description = "JMH's command line over the codec and broadcast benchmarks, e.g. jmh -prof gc.")
final class JmhCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
