// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.runner;

import java.time.Duration;
import java.util.List;

/**
 * One measurement of the plan: a driver scenario with its arguments, the servers it runs
 * against (side by side, in this order, a fresh server each time), and the metrics its table
 * shows first. Immutable.
 *
 * @param id short name, e.g. {@code fanout-1000}, used in file names and tables
 * @param title the table's heading
 * @param driverArgs the driver's command and options (without {@code --url}, PIDs and labels)
 * @param servers the servers measured, in the order they run within each round
 * @param nodes how many nodes each server is (more than 1: a cluster on one Redis)
 * @param metrics the metrics shown, in order
 * @param timeout how long the driver may take before the measurement counts as failed
 */
record Spec(String id, String title, List<String> driverArgs, List<ServerKind> servers, int nodes,
        List<String> metrics, Duration timeout) {

    Spec {
        driverArgs = List.copyOf(driverArgs);
        servers = List.copyOf(servers);
        metrics = List.copyOf(metrics);
    }
}
