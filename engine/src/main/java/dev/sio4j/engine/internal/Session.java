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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: transport, outbound queue, heartbeat, upgrade and close. Thread-safe
 * through confinement: every mutable field is touched only on {@link #eventLoop()}; public
 * methods called elsewhere hop onto it. The queue size is also counted atomically so that
 * {@code send} can answer synchronously from any thread.
 */
final class Session implements EngineSocket {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private enum State { OPEN, CLOSED }

    private final String id;
    private final DefaultEngineRequest request;
    private final EventLoop loop;
    private final EngineOptions options;
    private final SessionRegistry registry;
    private final AtomicInteger queued = new AtomicInteger();
    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private final Heartbeat heartbeat;
    private volatile Transport current;
    private volatile State state = State.OPEN;
    private volatile boolean volatileWritable;

    // Confined to loop.
    private TransportSink transport;
    private Upgrade upgrade;
    private boolean upgraded;
    private boolean flushScheduled;
    private Listener listener;
    private List<Object> inbox;

    Session(String id, DefaultEngineRequest request, EventLoop loop, EngineOptions options, SessionRegistry registry) {
        this.id = id;
        this.request = request;
        this.loop = loop;
        this.options = options;
        this.registry = registry;
        this.heartbeat = new Heartbeat(this, loop, options);
    }

    // ---- EngineSocket (any thread) ----

    @Override public String id() { return id; }
    @Override public Transport transport() { return current; }
    @Override public EngineRequest request() { return request; }
    @Override public int protocol() { return 4; }
    @Override public EventLoop eventLoop() { return loop; }
    @Override public boolean isOpen() { return state == State.OPEN; }

    Transport currentTransport() {
        return current;
    }

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
        if (state != State.OPEN || (volatileMessage && !volatileWritable)) {
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
        onLoop(() -> {
            listener = newListener;
            if (inbox != null) {
                List<Object> pending = inbox;
                inbox = null;
                pending.forEach(this::deliver);
            }
        });
    }

    private boolean enqueue(List<Outbound> items, boolean volatileMessage) {
        if (state != State.OPEN) {
            items.forEach(Outbound::release);
            return false;
        }
        if (queued.addAndGet(items.size()) > options.maxOutboundQueue()) {
            queued.addAndGet(-items.size());
            items.forEach(Outbound::release);
            if (!volatileMessage) {
                onLoop(() -> closeNow(CloseReason.TRANSPORT_ERROR, "outbound queue full", false));
            }
            return false;
        }
        if (!onLoop(() -> {
            if (state != State.OPEN) {
                queued.addAndGet(-items.size());
                items.forEach(Outbound::release);
                return;
            }
            queue.addAll(items);
            scheduleFlush();
        })) {
            queued.addAndGet(-items.size());
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
        queued.incrementAndGet();
        queue.add(Outbound.of(packet));
        scheduleFlush();
    }

    private void scheduleFlush() {
        updateVolatileWritable();
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    /** Writes everything queued if the transport can take it: one batch, one flush. */
    void flush() {
        flushScheduled = false;
        if (state == State.OPEN && !queue.isEmpty() && transport.writable()) {
            List<Outbound> batch = new ArrayList<>(queue);
            queue.clear();
            queued.addAndGet(-batch.size());
            transport.write(batch);
            if (listener != null) {
                Listener l = listener;
                safely(() -> l.onDrain());
            }
        }
        updateVolatileWritable();
    }

    private void updateVolatileWritable() {
        volatileWritable = state == State.OPEN && upgrade == null && transport != null
                && transport.writable() && queue.isEmpty();
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
                if (listener != null) {
                    Listener l = listener;
                    safely(l::onHeartbeat);
                }
            }
            case CLOSE -> closeNow(CloseReason.TRANSPORT_CLOSE, "client sent a close packet", false);
            case MESSAGE -> deliver(packet.isBinary() ? packet.binary() : packet.text());
            default -> { } // OPEN, UPGRADE, NOOP on an established transport: ignored, as engine.io does
        }
    }

    private void deliver(Object message) {
        Listener l = listener;
        if (l == null) {
            if (inbox == null) {
                inbox = new ArrayList<>();
            }
            if (inbox.size() >= options.maxOutboundQueue()) {
                closeNow(CloseReason.TRANSPORT_ERROR, "inbound backlog full (no listener set)", false);
                return;
            }
            inbox.add(message);
            return;
        }
        if (message instanceof String s) {
            safely(() -> l.onMessage(s));
        } else {
            byte[] b = (byte[]) message;
            safely(() -> l.onBinary(b));
        }
    }

    void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            log.warn("EngineSocket listener threw; the session continues", e);
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
        updateVolatileWritable();
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
        if (listener != null) {
            Listener l = listener;
            safely(() -> l.onUpgrade(Transport.WEBSOCKET));
        }
        flush();
    }

    void upgradeEnded() {
        upgrade = null;
        updateVolatileWritable();
    }

    Upgrade upgrade() {
        return upgrade;
    }

    /**
     * Closes the session once. {@code flushFirst}: the server asked (write what is queued, then
     * a CLOSE); otherwise a failure or the client: discard the queue.
     */
    void closeNow(CloseReason reason, String description, boolean flushFirst) {
        if (state != State.OPEN) {
            return;
        }
        if (flushFirst && transport.writable()) {
            flush();
        }
        state = State.CLOSED;
        volatileWritable = false;
        heartbeat.stop();
        if (upgrade != null) {
            upgrade.cancel();
            upgrade = null;
        }
        boolean lingering = flushFirst && transport instanceof PollingTransport p && !p.hasPendingGet();
        if (lingering) {
            // No GET to carry the CLOSE now: keep the sid known until the client polls again.
            queue.add(Outbound.of(EnginePacket.of(EnginePacketType.CLOSE)));
            registry.linger(this, options.pingInterval().plus(options.pingTimeout()));
        } else {
            transport.close(reason != CloseReason.TRANSPORT_CLOSE);
            releaseQueue();
            registry.remove(this);
        }
        registry.closed(this);
        Listener l = listener;
        if (l != null) {
            safely(() -> l.onClose(reason, description));
        }
        listener = null;
        inbox = null;
    }

    /** A GET arrived for a session closed while no GET was pending: hand over the rest and CLOSE. */
    void finishLingering(HttpResponder get) {
        List<Outbound> batch = new ArrayList<>(queue);
        queue.clear();
        queued.set(0);
        PollingTransport p = new PollingTransport();
        p.park(get);
        p.write(batch);
        registry.remove(this);
    }

    void releaseQueue() {
        Outbound o;
        while ((o = queue.poll()) != null) {
            o.release();
        }
        queued.set(0);
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    @Override
    public String toString() {
        return "EngineSocket[" + current + ", " + state + "]"; // never the sid
    }
}
