// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter.cluster;

/**
 * Counters of one cluster adapter since it started, for metrics and health checks.
 *
 * <p>Immutable snapshot; thread-safe.
 *
 * @param published         messages and responses handed to the transport successfully
 * @param publishFailures   messages and responses the transport refused or could not send
 * @param received          messages and responses received from other nodes
 * @param malformed         messages received that could not be decoded (dropped)
 * @param requests          cluster requests made (fetchSockets, serverSideEmitWithAck, ...)
 * @param requestTimeouts   cluster requests that ended at their timeout
 * @param requestNanos      total time of the completed requests, in nanoseconds
 * @param nodes             other nodes currently known (through heartbeats and traffic)
 */
public record ClusterStats(long published, long publishFailures, long received, long malformed, long requests,
                           long requestTimeouts, long requestNanos, int nodes) {
}
