// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Deliveries;
import dev.sio4j.bench.driver.Messages;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Result;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;

/**
 * How a broadcast stream is sent and measured, shared by the fan-out and slow-consumer
 * scenarios (a picocli mixin): windowed or paced, warm-up then measured time, then the drain
 * and the metrics of {@link FanOutScenario}. Run by one thread, the sender's.
 */
public final class BroadcastStream {

    @Option(names = "--window", defaultValue = "10", description = "Messages not yet at every receiver, at most (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", defaultValue = "0", description = "Paced: messages per second (0, the default: windowed).")
    double rate;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured sending time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--size", defaultValue = "64", description = "Characters of the message, or bytes of the attachment with --binary (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--binary", description = "Each message carries a binary attachment of --size bytes.")
    boolean binary;

    /** How long the receivers may go without a delivery before the rest counts as lost. */
    static final long IDLE_NANOS = 5_000_000_000L;

    int capacity() {
        double perSecond = rate > 0 ? rate : 50_000;
        return (int) Math.min(4_000_000, Math.max(10_000, perSecond * (warmupSeconds + seconds) * 1.2));
    }

    void describe(Result result) {
        result.put("mode", rate > 0 ? "paced" : "windowed").put("window", rate > 0 ? null : window)
                .put("rate_per_s", rate > 0 ? rate : null).put("size", size).put("binary", binary);
    }

    /** Sends from {@code sender} for warm-up plus the measured time, waits for the deliveries, puts the metrics. */
    void run(Peer sender, Deliveries deliveries, Common common, List<Connector> connectors,
            Result result) throws InterruptedException {
        byte[] attachment = binary ? new byte[size] : null;
        long start = System.nanoTime();
        long measureAt = start + (long) (warmupSeconds * 1e9);
        long end = measureAt + (long) (seconds * 1e9);
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        long planned = start;
        long seq = 0;
        int outstanding = 0;
        long cpuBefore = -1;
        long bytesBefore = 0;
        long allBefore = 0;
        long measureStart = 0;
        boolean stalled = false;
        while (seq < deliveries.capacity()) {
            long now = System.nanoTime();
            if (measureStart == 0 && now >= measureAt) {
                measureStart = now;
                cpuBefore = common.cpuMicros();
                bytesBefore = wireBytes(connectors);
                allBefore = deliveries.all();
                deliveries.measureFrom(seq);
            }
            if (now >= end) {
                break;
            }
            long stamp;
            if (interval > 0) {
                planned += interval;
                LockSupport.parkNanos(planned - System.nanoTime());
                stamp = planned;
            } else {
                if (outstanding >= window) {
                    if (!deliveries.awaitComplete(IDLE_NANOS)) {
                        stalled = true;
                        break;
                    }
                    outstanding--;
                }
                stamp = System.nanoTime();
            }
            if (binary) {
                sender.emitWithAttachment(Messages.binaryEvent(common.namespace, seq, stamp), attachment);
            } else {
                sender.emit(Messages.event(common.namespace, seq, stamp, size));
            }
            seq++;
            outstanding++;
            deliveries.sent(seq);
        }
        drain(deliveries);
        long cpu = cpuBefore < 0 ? -1 : common.cpuMicros() - cpuBefore;
        long measured = deliveries.measured();
        // bytes per delivery over every delivery in the window, warm-up messages still in flight included
        long inWindow = deliveries.all() - allBefore;
        double elapsed = (deliveries.lastDeliveryNanos() - measureStart) / 1e9;
        result.put("messages_sent", seq).put("deliveries", measured)
                .put("deliveries_per_s", measured > 0 && elapsed > 0 ? measured / elapsed : 0.0)
                .latency("delivery", deliveries.latency())
                .put("lost", deliveries.lost()).put("duplicates", deliveries.duplicates())
                .put("out_of_order", deliveries.outOfOrder()).put("stalled", stalled)
                .put("server_cpu_us_per_delivery", cpu >= 0 && measured > 0 ? (double) cpu / measured : null)
                .put("wire_bytes_per_delivery", inWindow > 0 ? (double) (wireBytes(connectors) - bytesBefore) / inWindow : null);
    }

    /** Waits until everything sent arrived, or nothing arrived for {@link #IDLE_NANOS}. */
    static void drain(Deliveries deliveries) throws InterruptedException {
        long last = deliveries.all();
        long lastChange = System.nanoTime();
        while (deliveries.all() < deliveries.expected() && System.nanoTime() - lastChange < IDLE_NANOS) {
            Thread.sleep(20);
            long now = deliveries.all();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }

    static long wireBytes(List<Connector> connectors) {
        long sum = 0;
        for (Connector c : connectors) {
            sum += c.wireBytes().read() + c.wireBytes().written();
        }
        return sum;
    }
}
