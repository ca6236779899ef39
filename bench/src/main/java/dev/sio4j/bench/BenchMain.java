// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench;

import dev.sio4j.bench.floor.FloorServer;
import dev.sio4j.bench.runner.RunCommand;
import dev.sio4j.bench.scenario.ConnectionsScenario;
import dev.sio4j.bench.scenario.FanOutScenario;
import dev.sio4j.bench.scenario.LatencyScenario;
import dev.sio4j.bench.scenario.SlowConsumerScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The bench's command line ({@code java -jar bench/target/sio4j-bench.jar ...}): {@code run} is
 * the side-by-side runner (docs/BENCHMARKS.md); the scenario commands are the load driver, which
 * the runner starts once per measurement and which each end with one JSON line of results;
 * {@code floor} is the raw Netty broadcast server; {@code jmh} runs the JMH benchmarks.
 */
@Command(name = "sio4j-bench", mixinStandardHelpOptions = true,
        description = "The sio4j benchmark: load driver, side-by-side runner, floor server, JMH.",
        subcommands = {RunCommand.class, LatencyScenario.class, FanOutScenario.class, ConnectionsScenario.class,
                SlowConsumerScenario.class, FloorServer.class, JmhCommand.class})
public final class BenchMain {

    private BenchMain() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(BenchMain.class).execute(args));
    }
}
