// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Messages;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.PollingWire;
import dev.sio4j.bench.driver.Result;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One client, ping-pong on {@code message}: the server sends every message back (the chat to
 * everyone, which is this one client), and the next message leaves as soon as the previous one
 * arrived, from the connection's own event loop (no thread hop in the driver). After the warm-up
 * round trips (which also warm up the server's JIT), the round-trip times are recorded.
 *
 * <p>Over WebSocket by default; with {@code --polling} the client uses long-polling only.
 */
@Command(name = "latency", description = "One client, ping-pong on message: RTT p50/p90/p99/max after warm-up.")
public final class LatencyScenario implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--warmup", defaultValue = "40000", description = "Warm-up round trips (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--count", defaultValue = "20000", description = "Measured round trips (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", defaultValue = "64", description = "Characters of the message argument (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--polling", description = "Long-polling only (no WebSocket).")
    boolean polling;

    @Option(names = "--timeout-seconds", defaultValue = "300", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        System.out.println(measure().toJson());
        return 0;
    }

    /** Runs the scenario with the options set; its result. */
    public Result measure() throws Exception {
        Histogram rtt = new Histogram(3);
        CompletableFuture<Void> done = new CompletableFuture<>();
        int total = warmup + count;
        Peer.Listener pingPong = new Peer.Listener() {
            @Override
            public void onEvent(Peer peer, ByteBuf packet) {
                long now = System.nanoTime();
                long seq = Messages.seq(packet);
                if (seq < 0) {
                    return;
                }
                if (seq >= warmup) {
                    rtt.recordValue(now - Messages.nanos(packet));
                }
                if (seq + 1 < total) {
                    peer.emit(Messages.event(common.namespace, seq + 1, System.nanoTime(), size));
                } else {
                    done.complete(null);
                }
            }

            @Override
            public void onClosed(Peer peer) {
                done.completeExceptionally(new IllegalStateException("the connection closed"));
            }
        };
        Result result = common.result(polling ? "polling-latency" : "latency")
                .put("transport", polling ? "polling" : "websocket").put("warmup", warmup);
        try (Connector connector = common.connectors(1).get(0)) {
            Peer peer = common.peer(0, pingPong);
            (polling ? PollingWire.open(connector, peer) : connector.open(peer))
                    .get(Connector.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long bytesBefore = connector.wireBytes().read() + connector.wireBytes().written();
            peer.emit(Messages.event(common.namespace, 0, System.nanoTime(), size));
            done.get(timeoutSeconds, TimeUnit.SECONDS);
            long bytes = connector.wireBytes().read() + connector.wireBytes().written() - bytesBefore;
            result.latency("rtt", rtt).put("wire_bytes_per_round_trip", (double) bytes / total);
            peer.close();
        }
        return result;
    }
}
