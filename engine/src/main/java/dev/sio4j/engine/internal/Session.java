// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.EngineOptions;
import dev.sio4j.engine.EngineRequest;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.RateLimit;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacket;
import dev.sio4j.protocol.engineio.EnginePacketType;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One Engine.IO session: transport, outbound queue, heartbeat, upgrade and close. Thread-safe
 * through confinement: every mutable field is touched only on {@link #eventLoop()}; public
 * methods called elsewhere hop onto it. {@code send} answers synchronously from any thread
 * through the {@link Outbox}, which reserves room atomically and publishes the volatile gate
 * through volatile fields.
 *
 * <p>Where the session is in its life is one {@link Phase}, changed only on the loop:
 * <pre>
 *   OPEN ──upgrade starts──▶ UPGRADING ──"5" on the WebSocket──▶ UPGRADED
 *     ▲                          │
 *     └────upgrade fails─────────┘
 *   OPEN, UPGRADING ──server closes, no GET pending (polling)──▶ LINGERING ──CLOSE collected,
 *                                                                   upgrade done or timeout──▶ CLOSED
 *   any open phase ──closed (client, error, server with a way to say so)──▶ CLOSED
 * </pre>
 */
final class Session implements EngineSocket {

    /** The session's phase; see the class doc for the transitions. */
    enum Phase {
        /** Open on the transport it started with; an upgrade may begin. */
        OPEN,
        /** Open on polling while a WebSocket probes ({@link #upgrade} is the attempt). */
        UPGRADING,
        /** Open on the WebSocket it upgraded to; no further upgrade. */
        UPGRADED,
        /**
         * Closed by the server while no GET was pending: the sid stays known until the client
         * collects what was queued and the CLOSE, an upgrade in progress completes, or time runs
         * out ({@link Linger}).
         */
        LINGERING,
        /** Gone. */
        CLOSED;

        boolean isOpen() {
            return this == OPEN || this == UPGRADING || this == UPGRADED;
        }
    }

    /** The longest a closing WebSocket may drain; see {@link #closeDrainTimeout()}. */
    static final Duration MAX_CLOSE_DRAIN = Duration.ofSeconds(5);

    private final String id;
    private final DefaultEngineRequest request;
    private final EventLoop loop;
    private final EngineOptions options;
    private final SessionRegistry registry;
    private final OutboundQueue queue;
    private final Outbox outbox;
    private final Heartbeat heartbeat;
    private final AddressLimiter.Lease lease;
    private final TokenBucket controlPackets;
    private final String identity;
    private final long startNanos = System.nanoTime();
    private final int logId = ConnectionLog.newLogId();
    private volatile Transport current;
    private volatile Phase phase = Phase.OPEN; // written on the loop only

    // Confined to loop.
    private TransportSink transport;
    private Upgrade upgrade; // the attempt while UPGRADING, or kept through LINGERING
    private final Linger linger;
    private final ListenerSlot listener;

    /**
     * {@code lease}: the per-address slot this session holds until it closes; {@code identity}:
     * who allowRequest said the client is, or null.
     */
    Session(String id, DefaultEngineRequest request, EventLoop loop, EngineOptions options, SessionRegistry registry,
            AddressLimiter.Lease lease, String identity) {
        this.id = id;
        this.identity = identity;
        this.request = request;
        this.loop = loop;
        this.options = options;
        this.registry = registry;
        this.heartbeat = new Heartbeat(this, loop, options);
        this.queue = new OutboundQueue(options.maxOutboundQueue(), options.maxOutboundBytes());
        this.listener = new ListenerSlot(options.maxOutboundQueue());
        this.linger = new Linger(queue);
        this.outbox = new Outbox(new OutboxOwner(), loop, queue, listener);
        this.lease = lease;
        RateLimit control = options.connectionLimits().controlPacketsPerSession();
        this.controlPackets = control == null ? null : new TokenBucket(control, System.nanoTime());
    }

    // ---- EngineSocket (any thread) ----

    @Override public String id() { return id; }
    @Override public Transport transport() { return current; }
    @Override public EngineRequest request() { return request; }
    @Override public String identity() { return identity; }
    @Override public int protocol() { return 4; }
    @Override public EventLoop eventLoop() { return loop; }
    @Override public boolean isOpen() { return phase.isOpen(); }

    /** When the session was created ({@code System.nanoTime()}). */
    long startNanos() { return startNanos; }

    /** The session's id in log lines: random, not the sid ({@link ConnectionLog#logId} writes it). */
    int logId() { return logId; }

    /** Who observes the server now ({@link EngineObservers#NONE}: nobody). Any thread. */
    dev.sio4j.engine.EngineObserver observer() { return registry.observer(); }

    @Override
    public boolean send(String text) {
        return outbox.enqueue(List.of(Outbound.of(EnginePacket.message(Objects.requireNonNull(text, "text")))), false);
    }

    @Override
    public boolean send(byte[] data) {
        return outbox.enqueue(List.of(Outbound.of(EnginePacket.binary(Objects.requireNonNull(data, "data")))), false);
    }

    @Override
    public boolean send(EngineMessage message, boolean volatileMessage) {
        Objects.requireNonNull(message, "message");
        return outbox.send(message, volatileMessage);
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

    /** Whether the caller runs on the session's loop. */
    boolean inLoop() {
        return loop.inEventLoop();
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
        outbox.transportChanged(first);
        List<String> upgrades = first.name() == Transport.POLLING && options.allowUpgrades()
                && options.transports().contains(Transport.WEBSOCKET) ? List.of("\"websocket\"") : List.of();
        String open = "{\"sid\":\"" + id + "\",\"upgrades\":[" + String.join(",", upgrades) + "],\"pingInterval\":"
                + options.pingInterval().toMillis() + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
        sendPacket(EnginePacket.of(EnginePacketType.OPEN, open));
        registry.opened(this, first.name());
        flush();
        heartbeat.start();
    }

    void sendPacket(EnginePacket packet) {
        outbox.sendPacket(packet);
    }

    /** Writes what is queued if the transport can take it (see {@link Outbox#flush}). */
    void flush() {
        outbox.flush();
    }

    /** A packet arrived on the session's current transport. */
    void onPacket(EnginePacket packet) {
        if (!phase.isOpen()) {
            return;
        }
        heartbeat.packetReceived();
        switch (packet.type()) {
            case PING -> {
                refused(RefusalCause.PROTOCOL_VIOLATION, "a ping from the client");
                closeNow(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction", false);
            }
            case PONG -> {
                if (controlPacketAllowed()) {
                    heartbeat.pongReceived();
                    listener.heartbeat();
                }
            }
            case CLOSE -> closeNow(CloseReason.TRANSPORT_CLOSE, "client sent a close packet", false);
            case MESSAGE -> deliver(packet.isBinary() ? packet.binary() : packet.text());
            default -> controlPacketAllowed(); // OPEN, UPGRADE, NOOP on an established transport: ignored, as engine.io does
        }
    }

    /**
     * Counts a packet that carries no message against the session's control budget; past it the
     * session is closed (a pong flood would otherwise keep the loop busy for nothing).
     */
    private boolean controlPacketAllowed() {
        if (controlPackets == null || controlPackets.tryTake(1, System.nanoTime())) {
            return true;
        }
        refused(RefusalCause.LIMIT, "control packets past controlPacketsPerSession");
        closeNow(CloseReason.TRANSPORT_ERROR, "too many control packets", false);
        return false;
    }

    private void deliver(Object message) {
        if (!listener.message(message)) {
            closeNow(CloseReason.TRANSPORT_ERROR, "inbound backlog full (no listener set)", false);
        }
    }

    EngineOptions options() {
        return options;
    }

    /** Counts (and logs at DEBUG) a refusal caused by what this session's client sent. Any thread. */
    void refused(RefusalCause cause, String what) {
        registry.refusals().session(cause, request.clientAddress(), what);
    }

    TransportSink transportSink() {
        return transport;
    }

    /** Whether a new upgrade may begin: only from {@link Phase#OPEN} on polling. */
    boolean mayUpgrade() {
        return phase == Phase.OPEN && transport instanceof PollingTransport;
    }

    void beginUpgrade(Upgrade attempt) {
        upgrade = attempt;
        phase = Phase.UPGRADING;
        outbox.updateVolatileGate();
    }

    /** The probe answered and "5" arrived: switch to the WebSocket. */
    void completeUpgrade(WebSocketTransport ws) {
        upgrade = null;
        if (transport instanceof PollingTransport polling) {
            polling.close(false);
        }
        transport = ws;
        current = Transport.WEBSOCKET;
        outbox.transportChanged(ws);
        if (phase == Phase.LINGERING) {
            // Closed by the server while upgrading (see closeNow): what was left and the close
            // go over the new WebSocket, as engine.io's.
            linger.finishOver(ws);
            phase = Phase.CLOSED;
            registry.remove(this);
            return;
        }
        phase = Phase.UPGRADED;
        registry.upgraded(this);
        listener.upgraded(Transport.WEBSOCKET);
        flush();
    }

    /** The upgrade attempt failed or was cancelled: the session stays on polling. */
    void upgradeEnded() {
        upgrade = null;
        if (phase == Phase.UPGRADING) {
            phase = Phase.OPEN;
        }
        outbox.updateVolatileGate();
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
        if (!phase.isOpen()) {
            return;
        }
        if (flushFirst) {
            outbox.flushBeforeClose();
        }
        boolean linger = flushFirst && transport instanceof PollingTransport p && !p.hasPendingGet();
        phase = linger ? Phase.LINGERING : Phase.CLOSED;
        outbox.closeGate();
        heartbeat.stop();
        if (linger) {
            // No GET to carry the CLOSE now: keep the sid known until the client polls again.
            // An upgrade in progress is kept too: engine.io lets it complete while "closing" and
            // then closes the new transport, so a client pausing its polling for the upgrade
            // gets the close over the WebSocket, after the packets it already has.
            registry.linger(this, options.pingInterval().plus(options.pingTimeout()));
            if (reason == CloseReason.SERVER_SHUTTING_DOWN) {
                cancelUpgrade(); // engine.io's server.close() discards its sockets' transports at once
            }
        } else {
            cancelUpgrade();
            transport.close(reason != CloseReason.TRANSPORT_CLOSE);
            queue.releaseAll();
            registry.remove(this);
        }
        registry.closed(this, reason, description);
        lease.release();
        listener.closed(reason, description);
    }

    /**
     * Ends the session for a drain, the way a restarting server would: no Engine.IO CLOSE packet
     * (python-engineio, for one, takes a CLOSE on a poll as a deliberate close and does not
     * reconnect), but what a client sees when its node goes away. What is queued is written
     * first; then a WebSocket's connection closes without a close frame (socket.io-client-java
     * ignores one until its ping timeout), and polling gets a 503 on the GET that finds nothing
     * more to collect (now if one is pending, else the next, while the sid lingers).
     * The application hears {@link CloseReason#SERVER_SHUTTING_DOWN}.
     */
    void endForDrain() {
        if (!phase.isOpen()) {
            return;
        }
        outbox.flushBeforeClose();
        heartbeat.stop();
        outbox.closeGate();
        cancelUpgrade(); // a probing client stays on polling, where its next GET ends it
        linger.endWithDrainAnswer();
        if (transport instanceof PollingTransport p && !p.hasPendingGet() && !queue.isEmpty()) {
            phase = Phase.LINGERING;
            registry.linger(this, options.pingInterval().plus(options.pingTimeout()));
        } else {
            phase = Phase.CLOSED;
            if (transport instanceof PollingTransport p) {
                p.endForDrain();
            } else if (transport instanceof WebSocketTransport ws) {
                ws.endWithoutCloseFrame();
            }
            queue.releaseAll();
            registry.remove(this);
        }
        registry.closed(this, CloseReason.SERVER_SHUTTING_DOWN, "server draining");
        lease.release();
        listener.closed(CloseReason.SERVER_SHUTTING_DOWN, "server draining");
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

    /** Whether the session is {@link Phase#LINGERING}: closed, but a poll is still owed its CLOSE. */
    boolean lingering() {
        return phase == Phase.LINGERING;
    }

    /** A GET for a lingering session: it gets what was queued, or the CLOSE that ends the linger. */
    void answerLingeringPoll(HttpResponder get) {
        if (linger.answer(get)) {
            endLinger();
        }
    }

    /** The linger time ran out before the client came back (the registry forgot the sid). */
    void lingerExpired() {
        if (phase == Phase.LINGERING) {
            endLinger();
        }
        queue.releaseAll();
    }

    /** The CLOSE went out (or never will): forget the sid; an upgrade kept for it ends too. */
    private void endLinger() {
        phase = Phase.CLOSED;
        cancelUpgrade();
        registry.remove(this);
    }

    /** The outbound queue (for tests and diagnostics). */
    OutboundQueue outboundQueue() {
        return queue;
    }

    /** Closed for the application: {@link Phase#LINGERING} or {@link Phase#CLOSED}. */
    boolean isClosed() {
        return !phase.isOpen();
    }

    /** What the {@link Outbox} may ask of and tell its session, and nothing else. */
    private final class OutboxOwner implements Outbox.Owner {
        @Override public boolean isOpen() { return Session.this.isOpen(); }
        @Override public Transport transport() { return current; }
        @Override public boolean onLoop(Runnable task) { return Session.this.onLoop(task); }
        @Override public TransportSink transportSink() { return transport; }
        @Override public boolean upgrading() { return upgrade != null; }
        @Override public void queueFull() {
            if (isOpen()) {
                registry.observer().slowConsumerClosed(current);
            }
            closeNow(CloseReason.TRANSPORT_ERROR, "outbound queue full", false);
        }
        @Override public boolean readyFrames() { return !options.perMessageDeflate(); }
        @Override public dev.sio4j.engine.EngineObserver observer() { return registry.observer(); }
    }

    @Override
    public String toString() {
        return "EngineSocket[" + current + ", " + phase + "]"; // never the sid
    }
}
