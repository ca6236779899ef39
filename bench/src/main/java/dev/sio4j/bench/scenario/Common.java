// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.PollingWire;
import dev.sio4j.bench.driver.Result;
import dev.sio4j.bench.driver.ServerProbe;
import dev.sio4j.bench.driver.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Option;

/**
 * The options every scenario takes: where the server is, what it speaks, which process to probe,
 * and how many event loops the driver uses. A picocli mixin; not thread-safe (filled once).
 */
public final class Common {

    @Option(names = "--url", required = true, split = ",",
            description = "Server URL(s), http://127.0.0.1:PORT/; several for a cluster (peers are spread over them).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--raw", description = "The server is the raw floor (plain WebSocket broadcast, no Engine.IO/Socket.IO).")
    boolean raw;

    @Option(names = "--namespace", defaultValue = "/", description = "Namespace to join (default: /).")
    String namespace;

    @Option(names = "--server-pid", split = ",", description = "PID(s) of the server process(es), for CPU and memory.")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--jvm", description = "The server is a JVM: also measure its live heap with jcmd.")
    boolean jvm;

    @Option(names = "--threads", defaultValue = "2", description = "Driver event loops (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--server", defaultValue = "", description = "A label for the result line (sio4j, node, floor...).")
    String server;

    /** A target per URL. */
    List<Target> targets() {
        return urls.stream().map(u -> Target.of(u, raw, namespace)).toList();
    }

    /** A connector per URL, {@link #threads} loops each (one loop for a single peer). */
    List<Connector> connectors(int threadsEach) {
        return targets().stream().map(t -> new Connector(t, threadsEach)).toList();
    }

    /** A probe per server PID (none when no PID was given). */
    List<ServerProbe> probes() {
        return serverPids.stream().map(ServerProbe::new).toList();
    }

    /** Server CPU time summed over every probed process, in microseconds (-1 without a PID). */
    long cpuMicros() {
        List<ServerProbe> probes = probes();
        return probes.isEmpty() ? -1 : probes.stream().mapToLong(ServerProbe::cpuMicros).sum();
    }

    /** Resident memory summed over every probed process, in KiB (-1 without a PID). */
    long rssKb() {
        List<ServerProbe> probes = probes();
        return probes.isEmpty() ? -1 : probes.stream().mapToLong(ServerProbe::rssKb).sum();
    }

    /** A new peer of this mode and namespace. */
    Peer peer(int index, Peer.Listener listener) {
        return new Peer(index, raw ? Peer.Mode.RAW : Peer.Mode.SOCKET_IO, namespace, listener);
    }

    /** Opens {@code peer} through {@code connector}, over long-polling or a WebSocket. */
    CompletableFuture<Peer> open(Connector connector, Peer peer, boolean polling) {
        return polling ? PollingWire.open(connector, peer) : connector.open(peer);
    }

    /** A result line labelled with the server. */
    Result result(String scenario) {
        return new Result(scenario).put("server", server);
    }
}
