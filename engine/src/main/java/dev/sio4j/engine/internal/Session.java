package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One Engine.IO session: transport, outbound queue, heartbeat, upgrade and close. Thread-safe
 * through confinement: every mutable field is touched only on {@link #eventLoop()}; public
 * methods called elsewhere hop onto it. The outbound queue reserves room atomically and the
 * volatile gate is published through volatile fields, so that {@code send} can answer
 * synchronously from any thread.
 */
final class Session implements EngineSocket {

    private enum State { OPEN, CLOSED }

    /** The longest a closing WebSocket may drain; see {@link #closeDrainTimeout()}. */
    static final Duration MAX_CLOSE_DRAIN = Duration.ofSeconds(5);

    private final String id;
    private final DefaultEngineRequest request;
    private final EventLoop loop;
    private final EngineOptions options;
    private final SessionRegistry registry;
    private final OutboundQueue queue;
    private final Heartbeat heartbeat;
    private volatile Transport current;
    private volatile State state = State.OPEN;
    // Read by send() on any thread; written on the loop. See acceptsVolatile().
    private volatile boolean volatileGate;
    private volatile WebSocketTransport liveWebSocket;

    // Confined to loop.
    private TransportSink transport;
    private Upgrade upgrade;
    private boolean upgraded;
    private boolean flushScheduled;
    private final Linger linger;
    private final ListenerSlot listener;

    Session(String id, DefaultEngineRequest request, EventLoop loop, EngineOptions options, SessionRegistry registry) {
        this.id = id;
        this.request = request;
        this.loop = loop;
        this.options = options;
        this.registry = registry;
        this.heartbeat = new Heartbeat(this, loop, options);
        this.queue = new OutboundQueue(options.maxOutboundQueue(), options.maxOutboundBytes());
        this.listener = new ListenerSlot(options.maxOutboundQueue());
        this.linger = new Linger(this, queue, registry);
    }

    // ---- EngineSocket (any thread) ----

    @Override public String id() { return id; }
    @Override public Transport transport() { return current; }
    @Override public EngineRequest request() { return request; }
    @Override public int protocol() { return 4; }
    @Override public EventLoop eventLoop() { return loop; }
    @Override public boolean isOpen() { return state == State.OPEN; }

    @Override
    public boolean send(String text) {
        return enqueue(List.of(Outbound.of(EnginePacket.message(Objects.requireNonNull(text, "text")))), false);
    }

    @Override
    public boolean send(byte[] data) {
        return enqueue(List.of(Outbound.of(EnginePacket.binary(Objects.requireNonNull(data, "data")))), false);
    }

    @Override
    public boolean send(EngineMessage message, boolean volatileMessage) {
        Objects.requireNonNull(message, "message");
        if (state != State.OPEN || (volatileMessage && !acceptsVolatile())) {
            return false;
        }
        ByteBuf[] frames = message.retainedFrames();
        List<String> polling = current == Transport.POLLING ? message.pollingPackets() : null;
        List<Outbound> items = new ArrayList<>(frames.length);
        for (int i = 0; i < frames.length; i++) {
            items.add(Outbound.prepared(frames[i], i > 0, polling == null ? null : polling.get(i)));
        }
        return enqueue(items, volatileMessage);
    }

    @Override
    public void close() {
        onLoop(() -> closeNow(CloseReason.FORCED_CLOSE, "", true));
    }

    @Override
    public void setListener(Listener newListener) {
        Objects.requireNonNull(newListener, "listener");
        onLoop(() -> listener.set(newListener));
    }

    /**
     * Whether the transport can take a volatile message now (engine.io's {@code transport.writable}):
     * no upgrade in progress, and a pending GET (polling) or a WebSocket that is not busy (see
     * {@link WebSocketTransport#writable()}). The WebSocket is asked live, since its writability
     * changes on its own loop; the rest is a snapshot the loop keeps current.
     */
    private boolean acceptsVolatile() {
        WebSocketTransport ws = liveWebSocket;
        return volatileGate && (ws == null || ws.writable());
    }

    private boolean enqueue(List<Outbound> items, boolean volatileMessage) {
        if (state != State.OPEN) {
            items.forEach(Outbound::release);
            return false;
        }
        if (queue.reserve(items) < 0) {
            items.forEach(Outbound::release);
            if (!volatileMessage) {
                onLoop(() -> closeNow(CloseReason.TRANSPORT_ERROR, "outbound queue full", false));
            }
            return false;
        }
        if (!onLoop(() -> {
            if (state != State.OPEN) {
                queue.unreserve(items);
                items.forEach(Outbound::release);
                return;
            }
            queue.addReserved(items);
            scheduleFlush();
        })) {
            queue.unreserve(items);
            items.forEach(Outbound::release);
            return false;
        }
        return true;
    }

    /** Runs {@code task} on the loop (now, if already there); false if the loop refused it. */
    boolean onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ---- loop-confined internals ----

    /** Starts the session on its first transport and queues the OPEN packet. */
    void start(TransportSink first) {
        transport = first;
        current = first.name();
        liveWebSocket = first instanceof WebSocketTransport ws ? ws : null;
        List<String> upgrades = first.name() == Transport.POLLING && options.allowUpgrades()
                && options.transports().contains(Transport.WEBSOCKET) ? List.of("\"websocket\"") : List.of();
        String open = "{\"sid\":\"" + id + "\",\"upgrades\":[" + String.join(",", upgrades) + "],\"pingInterval\":"
                + options.pingInterval().toMillis() + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
        sendPacket(EnginePacket.of(EnginePacketType.OPEN, open));
        flush();
        heartbeat.start();
    }

    void sendPacket(EnginePacket packet) {
        if (state != State.OPEN) {
            return;
        }
        queue.addControl(Outbound.of(packet));
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    /**
     * Writes everything queued if the transport can take it: one batch, one flush. Packets sent
     * during one event-loop turn thus leave together; for a WebSocket on another loop the batch
     * crosses as one task (see {@link WebSocketTransport#write}).
     */
    void flush() {
        flushScheduled = false;
        if (state == State.OPEN && !queue.isEmpty() && transport.writable()) {
            transport.write(queue.drain());
            listener.drained();
        }
        updateVolatileGate();
    }

    /** Called on the loop whenever the transport, the upgrade or a pending GET changes. */
    void updateVolatileGate() {
        volatileGate = state == State.OPEN && upgrade == null && transport != null
                && (transport instanceof WebSocketTransport || transport.writable());
    }

    /** A packet arrived on the session's current transport. */
    void onPacket(EnginePacket packet) {
        if (state != State.OPEN) {
            return;
        }
        heartbeat.packetReceived();
        switch (packet.type()) {
            case PING -> closeNow(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction", false);
            case PONG -> {
                heartbeat.pongReceived();
                listener.heartbeat();
            }
            case CLOSE -> closeNow(CloseReason.TRANSPORT_CLOSE, "client sent a close packet", false);
            case MESSAGE -> deliver(packet.isBinary() ? packet.binary() : packet.text());
            default -> { } // OPEN, UPGRADE, NOOP on an established transport: ignored, as engine.io does
        }
    }

    private void deliver(Object message) {
        if (!listener.message(message)) {
            closeNow(CloseReason.TRANSPORT_ERROR, "inbound backlog full (no listener set)", false);
        }
    }

    TransportSink transportSink() {
        return transport;
    }

    boolean isUpgradingOrUpgraded() {
        return upgrade != null || upgraded;
    }

    void beginUpgrade(Upgrade attempt) {
        upgrade = attempt;
        updateVolatileGate();
    }

    /** The probe answered and "5" arrived: switch to the WebSocket. */
    void completeUpgrade(WebSocketTransport ws) {
        upgrade = null;
        upgraded = true;
        if (transport instanceof PollingTransport polling) {
            polling.close(false);
        }
        transport = ws;
        current = Transport.WEBSOCKET;
        liveWebSocket = ws;
        if (state == State.CLOSED) {
            linger.finishOver(ws); // closed by the server while upgrading: see closeNow
            return;
        }
        listener.upgraded(Transport.WEBSOCKET);
        flush();
    }

    void upgradeEnded() {
        upgrade = null;
        updateVolatileGate();
    }

    Upgrade upgrade() {
        return upgrade;
    }

    /** Gives up an upgrade in progress, if any (the session closed). */
    void cancelUpgrade() {
        if (upgrade != null) {
            upgrade.cancel();
            upgrade = null;
        }
    }

    /**
     * Closes the session once. {@code flushFirst}: the server asked (write what is queued, then
     * a CLOSE); otherwise a failure or the client: discard the queue.
     */
    void closeNow(CloseReason reason, String description, boolean flushFirst) {
        if (state != State.OPEN) {
            return;
        }
        if (flushFirst && !queue.isEmpty()) {
            if (transport.writable()) {
                flush();
            } else if (transport instanceof WebSocketTransport ws) {
                // A busy WebSocket: engine.io waits for it to drain before closing. Netty keeps
                // the bytes (at most the queue's caps) and the close frame goes out after them.
                ws.write(queue.drain());
            }
        }
        state = State.CLOSED;
        volatileGate = false;
        heartbeat.stop();
        if (flushFirst && transport instanceof PollingTransport p && !p.hasPendingGet()) {
            // No GET to carry the CLOSE now: keep the sid known until the client polls again.
            // An upgrade in progress is kept too: engine.io lets it complete while "closing" and
            // then closes the new transport, so a client pausing its polling for the upgrade
            // gets the close over the WebSocket, after the packets it already has.
            linger.start(options.pingInterval().plus(options.pingTimeout()));
            if (reason == CloseReason.SERVER_SHUTTING_DOWN) {
                cancelUpgrade(); // engine.io's server.close() discards its sockets' transports at once
            }
        } else {
            cancelUpgrade();
            transport.close(reason != CloseReason.TRANSPORT_CLOSE);
            queue.releaseAll();
            registry.remove(this);
        }
        registry.closed(this);
        listener.closed(reason, description);
    }

    /**
     * Completes once a closed session's connection has let go: at once for polling, when the
     * channel closes for a WebSocket (after what was written drained, at most
     * {@link #closeDrainTimeout()} later).
     */
    CompletableFuture<Void> transportReleased() {
        return transport instanceof WebSocketTransport ws ? ws.released()
                : CompletableFuture.completedFuture(null);
    }

    /**
     * How long a closing WebSocket may take to drain what was written before its channel is
     * closed anyway: the ping timeout (a peer that reads nothing for that long counts as gone),
     * at most {@link #MAX_CLOSE_DRAIN}.
     */
    Duration closeDrainTimeout() {
        Duration timeout = options.pingTimeout();
        return timeout.compareTo(MAX_CLOSE_DRAIN) < 0 ? timeout : MAX_CLOSE_DRAIN;
    }

    /** The last duty of a session the server closed with no GET pending (see {@link Linger}). */
    Linger linger() {
        return linger;
    }

    /** The outbound queue (for tests and diagnostics). */
    OutboundQueue outboundQueue() {
        return queue;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    @Override
    public String toString() {
        return "EngineSocket[" + current + ", " + state + "]"; // never the sid
    }
}
