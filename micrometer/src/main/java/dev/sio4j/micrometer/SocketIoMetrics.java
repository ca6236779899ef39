// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.micrometer;

import dev.sio4j.micrometer.internal.MeterRecorder;
import dev.sio4j.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer metrics of one sio4j Socket.IO server: engine sessions, packets and bytes,
 * upgrades, refusals, dropped messages and slow consumers; sockets per namespace, connects and
 * disconnects by reason, broadcasts and their fan-out, ack round trips and timeouts, listener
 * time; and, with a cluster adapter, its publishes, failures and requests. Every meter is named
 * {@code socketio.*} in base units (seconds, bytes); docs/OPERATIONS.md lists them with their
 * tags.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * MeterRegistry registry = new SimpleMeterRegistry();
 * new SocketIoMetrics(io).bindTo(registry);
 * }</pre>
 *
 * <p>{@link #bindTo} registers a {@link dev.sio4j.server.ServerObserver} with the server
 * ({@link SocketIoServer#observe}): from then on the server's event loops update the meters
 * (one cached counter or timer per event, no allocation). It may be called for several
 * registries. {@link #close()} stops the recording (the meters stay in their registries).
 *
 * <p>Namespaces are a tag: with dynamic namespaces (one per tenant, say) there is a series per
 * child; limit them with a {@code MeterFilter} such as
 * {@code MeterFilter.maximumAllowableTags("socketio", "namespace", 100, MeterFilter.deny())}.
 *
 * <p>Thread-safe.
 */
public final class SocketIoMetrics implements MeterBinder, AutoCloseable {

    private final SocketIoServer io;
    private final Tags tags;
    private final List<MeterRecorder> recorders = new CopyOnWriteArrayList<>();

    /** Metrics of {@code io} without extra tags. */
    public SocketIoMetrics(SocketIoServer io) {
        this(io, List.of());
    }

    /**
     * Metrics of {@code io} with {@code tags} on every meter (e.g. {@code server=chat} when a
     * process runs several servers).
     */
    public SocketIoMetrics(SocketIoServer io, Iterable<Tag> tags) {
        this.io = Objects.requireNonNull(io, "io");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /** Registers the meters in {@code registry} and starts recording into them. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        MeterRecorder recorder = new MeterRecorder(io, registry, tags);
        recorders.add(recorder);
        recorder.start();
    }

    /** Stops recording into every registry bound so far; the meters stay registered. Idempotent. */
    @Override
    public void close() {
        for (MeterRecorder r : recorders) {
            r.stop();
        }
        recorders.clear();
    }
}
