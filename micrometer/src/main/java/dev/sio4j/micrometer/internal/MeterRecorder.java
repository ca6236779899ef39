// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.micrometer.internal;

import dev.sio4j.adapter.cluster.ClusterAdapter;
import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacketType;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.ServerObserver;
import dev.sio4j.server.SocketIoServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * Records one server's observer events into one registry. Meters are registered the first time
 * an event needs them and then kept in arrays (engine events, indexed by enum ordinals) or per
 * namespace, so that an event costs an array read and an increment. Two threads racing to fill
 * a slot register the same meter id and get the same meter back from the registry, so the race
 * is harmless.
 *
 * <p>Thread-safe; called on the server's event loops.
 */
public final class MeterRecorder implements ServerObserver {

    private static final Transport[] TRANSPORTS = Transport.values();
    private static final EnginePacketType[] PACKET_TYPES = EnginePacketType.values();
    private static final CloseReason[] CLOSE_REASONS = CloseReason.values();
    private static final RefusalCause[] CAUSES = RefusalCause.values();
    private static final int TYPES = PACKET_TYPES.length;

    private final SocketIoServer io;
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicBoolean observing = new AtomicBoolean();

    private final Counter[] opened = new Counter[TRANSPORTS.length];
    private final Counter[] closed = new Counter[TRANSPORTS.length * CLOSE_REASONS.length];
    private final Timer[] durations = new Timer[TRANSPORTS.length];
    private final Counter[] upgrades = new Counter[TRANSPORTS.length];
    private final Counter[] packetsIn = new Counter[TRANSPORTS.length * TYPES];
    private final Counter[] packetsOut = new Counter[TRANSPORTS.length * TYPES];
    private final Counter[] bytesIn = new Counter[TRANSPORTS.length * TYPES];
    private final Counter[] bytesOut = new Counter[TRANSPORTS.length * TYPES];
    private final Counter[] refusals = new Counter[CAUSES.length];
    private final Counter[] dropped = new Counter[TRANSPORTS.length];
    private final Counter[] slowConsumers = new Counter[TRANSPORTS.length];
    private final ConcurrentHashMap<String, NamespaceMeters> namespaces = new ConcurrentHashMap<>();

    public MeterRecorder(SocketIoServer io, MeterRegistry registry, Tags tags) {
        this.io = io;
        this.registry = registry;
        this.tags = tags;
    }

    /** Registers the gauges and starts observing the server. */
    public void start() {
        if (!observing.compareAndSet(false, true)) {
            return;
        }
        Gauge.builder("socketio.engine.sessions", io, SocketIoServer::clientsCount)
                .description("Open Engine.IO sessions").baseUnit("sessions").tags(tags).register(registry);
        for (Namespace nsp : io.namespaces()) {
            namespaceGauges(nsp);
        }
        io.onNewNamespace(nsp -> {
            if (observing.get()) {
                namespaceGauges(nsp);
            }
        });
        io.observe(this);
    }

    /** Stops observing; the meters stay. */
    public void stop() {
        if (observing.compareAndSet(true, false)) {
            io.unobserve(this);
        }
    }

    // ---- engine ----

    @Override
    public void sessionOpened(Transport transport) {
        int i = transport.ordinal();
        Counter c = opened[i];
        if (c == null) {
            c = opened[i] = Counter.builder("socketio.engine.sessions.opened").description("Engine.IO sessions opened")
                    .tags(tags).tag("transport", transport.wireName()).register(registry);
        }
        c.increment();
    }

    @Override
    public void sessionClosed(Transport transport, CloseReason reason, long durationNanos) {
        Transport t = transport == null ? Transport.POLLING : transport;
        int i = t.ordinal() * CLOSE_REASONS.length + reason.ordinal();
        Counter c = closed[i];
        if (c == null) {
            c = closed[i] = Counter.builder("socketio.engine.sessions.closed")
                    .description("Engine.IO sessions closed, by the transport they were on and the reason")
                    .tags(tags).tag("transport", t.wireName()).tag("reason", name(reason)).register(registry);
        }
        c.increment();
        Timer d = durations[t.ordinal()];
        if (d == null) {
            d = durations[t.ordinal()] = Timer.builder("socketio.engine.session.duration")
                    .description("How long Engine.IO sessions were open, by the transport they closed on")
                    .tags(tags).tag("transport", t.wireName()).register(registry);
        }
        d.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sessionUpgraded(Transport from, Transport to) {
        int i = to.ordinal();
        Counter c = upgrades[i];
        if (c == null) {
            c = upgrades[i] = Counter.builder("socketio.engine.upgrades").description("Engine.IO sessions upgraded")
                    .tags(tags).tag("transport", to.wireName()).register(registry);
        }
        c.increment();
    }

    @Override
    public void packetReceived(Transport transport, EnginePacketType type, int bytes) {
        count(packetsIn, bytesIn, "received", transport, type, bytes);
    }

    @Override
    public void packetSent(Transport transport, EnginePacketType type, int bytes) {
        count(packetsOut, bytesOut, "sent", transport, type, bytes);
    }

    /** One packet and its bytes, {@code direction} "received" or "sent". */
    private void count(Counter[] packetCounters, Counter[] byteCounters, String direction, Transport transport,
            EnginePacketType type, int bytes) {
        int i = transport.ordinal() * TYPES + type.ordinal();
        Counter p = packetCounters[i];
        Counter b = byteCounters[i];
        if (p == null || b == null) {
            p = packetCounters[i] = Counter.builder("socketio.engine.packets." + direction)
                    .description("Engine.IO packets " + direction).tags(tags)
                    .tag("transport", transport.wireName()).tag("type", name(type)).register(registry);
            b = byteCounters[i] = Counter.builder("socketio.engine.bytes." + direction)
                    .description("Bytes of the Engine.IO packets " + direction).baseUnit(BaseUnits.BYTES).tags(tags)
                    .tag("transport", transport.wireName()).tag("type", name(type)).register(registry);
        }
        p.increment();
        b.increment(bytes);
    }

    @Override
    public void refused(RefusalCause cause) {
        int i = cause.ordinal();
        Counter c = refusals[i];
        if (c == null) {
            c = refusals[i] = Counter.builder("socketio.engine.refusals")
                    .description("Requests, sessions and namespace connections refused, by cause")
                    .tags(tags).tag("cause", name(cause)).register(registry);
        }
        c.increment();
    }

    @Override
    public void messageDropped(Transport transport) {
        int i = transport.ordinal();
        Counter c = dropped[i];
        if (c == null) {
            c = dropped[i] = Counter.builder("socketio.engine.messages.dropped")
                    .description("Volatile messages a session could not take")
                    .tags(tags).tag("transport", transport.wireName()).register(registry);
        }
        c.increment();
    }

    @Override
    public void slowConsumerClosed(Transport transport) {
        int i = transport.ordinal();
        Counter c = slowConsumers[i];
        if (c == null) {
            c = slowConsumers[i] = Counter.builder("socketio.engine.slow.consumers")
                    .description("Sessions closed because their outbound queue was full")
                    .tags(tags).tag("transport", transport.wireName()).register(registry);
        }
        c.increment();
    }

    // ---- Socket.IO ----

    @Override
    public void socketConnected(String namespace) {
        meters(namespace).connected.increment();
    }

    @Override
    public void socketDisconnected(String namespace, DisconnectReason reason) {
        meters(namespace).disconnected(reason).increment();
    }

    @Override
    public void broadcastSent(String namespace, int recipients) {
        meters(namespace).broadcasts.record(recipients);
    }

    @Override
    public void ackReceived(String namespace, long roundTripNanos) {
        meters(namespace).acks.record(roundTripNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ackTimedOut(String namespace) {
        meters(namespace).ackTimeouts.increment();
    }

    @Override
    public void listenersRan(String namespace, long nanos) {
        meters(namespace).listeners.record(nanos, TimeUnit.NANOSECONDS);
    }

    private NamespaceMeters meters(String namespace) {
        NamespaceMeters m = namespaces.get(namespace);
        return m != null ? m : namespaces.computeIfAbsent(namespace, NamespaceMeters::new);
    }

    /** The gauges of one namespace: its sockets and, with a cluster adapter, the adapter's counters. */
    private void namespaceGauges(Namespace nsp) {
        Tags t = tags.and("namespace", nsp.name());
        Gauge.builder("socketio.sockets", nsp, n -> n.sockets().size())
                .description("Connected sockets of the namespace on this node").baseUnit("sockets").tags(t)
                .register(registry);
        if (nsp.adapter() instanceof ClusterAdapter cluster) {
            clusterMeters(cluster, t);
        }
    }

    private void clusterMeters(ClusterAdapter a, Tags t) {
        clusterCounter("socketio.cluster.published", "Messages and responses published to the cluster", a, t,
                x -> x.stats().published());
        clusterCounter("socketio.cluster.publish.failures", "Messages and responses the cluster transport refused",
                a, t, x -> x.stats().publishFailures());
        clusterCounter("socketio.cluster.received", "Messages and responses received from other nodes", a, t,
                x -> x.stats().received());
        clusterCounter("socketio.cluster.malformed", "Messages from other nodes that could not be decoded", a, t,
                x -> x.stats().malformed());
        clusterCounter("socketio.cluster.request.timeouts", "Cluster requests that ended at their timeout", a, t,
                x -> x.stats().requestTimeouts());
        FunctionTimer.builder("socketio.cluster.requests", a, x -> x.stats().requests(),
                        x -> x.stats().requestNanos(), TimeUnit.NANOSECONDS)
                .description("Cluster requests (fetchSockets, serverSideEmitWithAck, ...) and their total time")
                .tags(t).register(registry);
        Gauge.builder("socketio.cluster.nodes", a, x -> x.stats().nodes())
                .description("Other nodes this node knows of").baseUnit("nodes").tags(t).register(registry);
    }

    private void clusterCounter(String name, String description, ClusterAdapter a, Tags t,
            ToDoubleFunction<ClusterAdapter> f) {
        FunctionCounter.builder(name, a, f).description(description).tags(t).register(registry);
    }

    /** A tag value from an enum constant: lower case, words apart ("server shutting down"). */
    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The meters of one namespace, registered when the namespace first reports. */
    private final class NamespaceMeters {
        final Tags tags;
        final Counter connected;
        final Counter[] disconnected = new Counter[DisconnectReason.values().length];
        final DistributionSummary broadcasts;
        final Timer acks;
        final Counter ackTimeouts;
        final Timer listeners;

        NamespaceMeters(String namespace) {
            this.tags = MeterRecorder.this.tags.and("namespace", namespace);
            this.connected = Counter.builder("socketio.sockets.connected").description("Sockets connected")
                    .tags(tags).register(registry);
            this.broadcasts = DistributionSummary.builder("socketio.broadcast.recipients")
                    .description("Broadcasts handed to this node's sockets, and how many sessions took each")
                    .tags(tags).register(registry);
            this.acks = Timer.builder("socketio.ack.duration")
                    .description("Round trip of emits with an acknowledgement, emit to answer").tags(tags)
                    .register(registry);
            this.ackTimeouts = Counter.builder("socketio.ack.timeouts")
                    .description("Acknowledgements not answered within their timeout").tags(tags).register(registry);
            this.listeners = Timer.builder("socketio.listener.duration")
                    .description("Time in the listeners of one event of a socket").tags(tags).register(registry);
        }

        Counter disconnected(DisconnectReason reason) {
            int i = reason.ordinal();
            Counter c = disconnected[i];
            if (c == null) {
                c = disconnected[i] = Counter.builder("socketio.sockets.disconnected")
                        .description("Sockets disconnected, by socket.io's reason").tags(tags)
                        .tag("reason", reason.wireName()).register(registry);
            }
            return c;
        }
    }
}
