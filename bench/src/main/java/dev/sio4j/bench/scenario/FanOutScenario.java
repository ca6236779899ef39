// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.scenario;

import dev.sio4j.bench.driver.Connector;
import dev.sio4j.bench.driver.Crowd;
import dev.sio4j.bench.driver.Deliveries;
import dev.sio4j.bench.driver.Peer;
import dev.sio4j.bench.driver.Result;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One sender, N receivers: the sender emits {@code message} and the server broadcasts it to
 * everyone (the chat's {@code io.emit}; the floor sends every frame to every connection), so each
 * message is delivered N+1 times (the sender gets its own back, and counts as a receiver).
 * Windowed (at most W messages not yet at every receiver: the throughput the server sustains) or
 * paced (R messages per second whatever happens: latency at a load both servers can carry; the
 * latency counts from the planned send time, so a sender that falls behind does not hide a slow
 * server). After a warm-up, reports deliveries/s, delivery latency, loss, duplicates,
 * out-of-order arrivals, the server's CPU per delivery and the bytes on the wire per delivery.
 *
 * <p>The same scenario is the binary fan-out ({@code --binary}: an attachment of {@code --size}
 * bytes per message), the polling fan-out ({@code --polling}) and the cluster scenario (several
 * {@code --url}s: the sender on the first node, receivers spread over all).
 */
@Command(name = "fanout", description = "One sender, N receivers: deliveries/s, delivery latency, loss, server CPU per delivery.")
public final class FanOutScenario implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    BroadcastStream stream;

    @Option(names = "--receivers", defaultValue = "100", description = "Receivers besides the sender (default: ${DEFAULT-VALUE}).")
    int receivers;

    @Option(names = "--concurrency", defaultValue = "200", description = "Connections opened at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--polling", description = "Every client on long-polling only.")
    boolean polling;

    @Override
    public Integer call() throws Exception {
        System.out.println(measure().toJson());
        return 0;
    }

    /** Runs the scenario with the options set; its result. */
    public Result measure() throws Exception {
        String name = polling ? "polling-fanout" : stream.binary ? "binary-fanout" : common.urls.size() > 1 ? "cluster-fanout" : "fanout";
        Result result = common.result(name).put("receivers", receivers).put("nodes", common.urls.size())
                .put("transport", polling ? "polling" : "websocket");
        stream.describe(result);
        List<Connector> connectors = common.connectors(common.threads);
        try {
            Deliveries deliveries = new Deliveries(receivers + 1, stream.capacity());
            StampListener listener = new StampListener(deliveries);
            Crowd crowd = Crowd.open(receivers + 1, concurrency, i -> common.peer(i, listener),
                    p -> common.open(connectors.get(p.index() % connectors.size()), p, polling));
            result.put("setup_ms", crowd.nanos() / 1e6).put("connect_failures", crowd.failures());
            if (crowd.failures() > 0) {
                result.put("error", crowd.firstFailure());
            } else {
                stream.run(crowd.peers().get(0), deliveries, common, connectors, result);
                if (deliveries.lost() > 0) {
                    result.put("short_receivers", shortReceivers(crowd, deliveries));
                }
            }
            crowd.close();
        } finally {
            connectors.forEach(Connector::close);
        }
        return result;
    }

    /** The receivers that got fewer messages than the most any got, "index:count(closed)", for the record. */
    private static String shortReceivers(Crowd crowd, Deliveries deliveries) {
        int most = 0;
        for (Peer p : crowd.peers()) {
            most = Math.max(most, deliveries.receivedBy(p.index()));
        }
        StringBuilder b = new StringBuilder("most " + most + ";");
        for (Peer p : crowd.peers()) {
            int got = deliveries.receivedBy(p.index());
            if (got < most) {
                b.append(' ').append(p.index()).append(':').append(got).append(p.isClosed() ? "(closed)" : "");
            }
        }
        return b.toString();
    }
}
