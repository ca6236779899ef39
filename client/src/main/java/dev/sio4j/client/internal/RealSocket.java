package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.client.Ack;
import dev.sio4j.client.AckCallback;
import dev.sio4j.client.AckException;
import dev.sio4j.client.AnyListener;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.Listener;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A socket of one namespace. Public methods may be called from any thread and hop to the
 * manager's event loop; the mutable state is confined there (the few fields read from other
 * threads are volatile).
 */
final class RealSocket implements Socket {

    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    final RealManager manager;
    private final String nsp;
    final ClientOptions options;
    private final EventRegistry events = new EventRegistry();
    private final Flags defaultFlags = new Flags(this, null, false, true);
    final AckRegistry acks;
    private final RetryQueue queue;

    private volatile boolean subscribed;
    private volatile boolean connected;
    private volatile String id;
    private volatile boolean recovered;
    private String pid;
    private String lastOffset;
    private final List<Outgoing> sendBuffer = new ArrayList<>();
    private final List<Object[]> receiveBuffer = new ArrayList<>();

    /** A packet waiting for the connection, with what the outgoing catch-all listeners see. */
    record Outgoing(SocketPacket packet, String event, Object[] args, boolean compress) {
    }

    RealSocket(RealManager manager, String nsp, ClientOptions options) {
        this.manager = manager;
        this.nsp = nsp;
        this.options = options;
        this.acks = new AckRegistry(this);
        this.queue = new RetryQueue(this, options.retries());
    }

    // ---- state ----

    @Override public String id() { return id; }
    @Override public String namespace() { return nsp; }
    @Override public boolean connected() { return connected; }
    @Override public boolean active() { return subscribed; }
    @Override public boolean recovered() { return recovered; }
    @Override public Manager io() { return manager; }

    boolean subscribed() {
        return subscribed;
    }

    // ---- lifecycle ----

    @Override
    public Socket connect() {
        manager.execute(() -> {
            if (connected) {
                return;
            }
            subscribed = true;
            manager.openForSocket();
            if (manager.isOpen()) {
                onManagerOpen();
            }
        }, true);
        return this;
    }

    @Override
    public Socket disconnect() {
        manager.execute(() -> {
            boolean was = connected;
            if (was) {
                manager.packet(SocketPacket.disconnect(nsp));
            }
            destroy();
            if (was) {
                onClose("io client disconnect", null);
            }
        }, false);
        return this;
    }

    private void destroy() {
        if (!subscribed) {
            return;
        }
        subscribed = false;
        manager.onSocketDestroyed();
    }

    void onManagerOpen() {
        ObjectNode data;
        try {
            data = connectPayload();
        } catch (RuntimeException e) {
            // The auth supplier is user code: its failure is this socket's connect error, not the
            // connection's (the other namespaces still connect).
            events.emit("connect_error", new ConnectError(String.valueOf(e.getMessage()), null, e));
            return;
        }
        manager.packet(SocketPacket.connect(nsp, data));
    }

    /** The CONNECT payload: the recovery pid and offset, and the auth asked for again each time. */
    private ObjectNode connectPayload() {
        Object auth = options.auth() == null ? null : options.auth().get();
        if (pid == null && auth == null) {
            return null;
        }
        ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (pid != null) {
            data.put("pid", pid);
            if (lastOffset != null) {
                data.put("offset", lastOffset);
            }
        }
        if (auth != null) {
            JsonNode node = manager.codec.toJson(auth);
            if (!node.isObject()) {
                throw new IllegalArgumentException("auth must map to a JSON object, not " + node.getNodeType());
            }
            data.setAll((ObjectNode) node);
        }
        return data;
    }

    void onManagerError(Throwable error) {
        if (!connected) {
            events.emit("connect_error", error instanceof ConnectError ce ? ce
                    : new ConnectError(error.getMessage() != null ? error.getMessage() : error.toString(), null, error));
        }
    }

    void onManagerClose(String reason, Throwable cause) {
        onClose(reason, cause);
    }

    private void onClose(String reason, Throwable cause) {
        connected = false;
        id = null;
        events.emit("disconnect", reason, cause);
        acks.failSent(sendBuffer);
    }

    void onPacket(SocketPacket packet) {
        switch (packet.type()) {
            case CONNECT -> {
                JsonNode data = packet.data();
                if (data != null && data.path("sid").isTextual()) {
                    onConnect(data.get("sid").asText(), data.path("pid").isTextual() ? data.get("pid").asText() : null);
                } else {
                    events.emit("connect_error", new ConnectError("It seems you are trying to reach a Socket.IO "
                            + "server in v2.x with a v3.x client, but they are not compatible", null, null));
                }
            }
            case EVENT -> onEvent(packet);
            case ACK -> acks.onAck(packet.id(), packet.data());
            case DISCONNECT -> {
                destroy();
                onClose("io server disconnect", null);
            }
            case CONNECT_ERROR -> {
                destroy();
                JsonNode data = packet.data();
                String message = data.isTextual() ? data.asText() : data.path("message").asText("");
                JsonNode extra = data.isObject() && data.has("data") ? data.get("data") : null;
                events.emit("connect_error", new ConnectError(message, extra, null));
            }
            default -> {
                // the decoder never returns the binary types
            }
        }
    }

    private void onConnect(String sid, String newPid) {
        id = sid;
        recovered = newPid != null && newPid.equals(pid);
        pid = newPid;
        connected = true;
        for (Object[] args : receiveBuffer) {
            emitEvent(args);
        }
        receiveBuffer.clear();
        for (Outgoing o : sendBuffer) {
            EventRegistry.callAny(events.anyOutgoing, o.event(), o.args());
            manager.packet(o.packet(), o.compress());
        }
        sendBuffer.clear();
        events.emit("connect");
        queue.drain(true);
    }

    private void onEvent(SocketPacket packet) {
        ArrayNode data = (ArrayNode) packet.data();
        int extra = packet.id() != null ? 1 : 0;
        Object[] args = new Object[data.size() + extra];
        for (int i = 0; i < data.size(); i++) {
            args[i] = data.get(i);
        }
        if (packet.id() != null) {
            args[args.length - 1] = serverAck(packet.id());
        }
        if (connected) {
            emitEvent(args);
        } else {
            receiveBuffer.add(args);
        }
    }

    private Ack serverAck(long ackId) {
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        return args -> {
            if (sent.compareAndSet(false, true)) {
                ArrayNode data = manager.codec.ackArray(args);
                manager.execute(() -> manager.packet(SocketPacket.ack(nsp, ackId, data)), false);
            }
        };
    }

    private void emitEvent(Object[] all) {
        JsonNode name = (JsonNode) all[0];
        String event = name.isTextual() ? name.asText() : name.toString();
        Object[] args = java.util.Arrays.copyOfRange(all, 1, all.length);
        EventRegistry.callAny(events.any, event, args);
        events.emit(event, args);
        if (pid != null && args.length > 0 && args[args.length - 1] instanceof JsonNode last && last.isTextual()) {
            lastOffset = last.asText();
        }
    }

    // ---- emitting ----

    @Override
    public Socket emit(String event, Object... args) {
        defaultFlags.emit(event, args);
        return this;
    }

    @Override
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        return defaultFlags.emitWithAck(event, args);
    }

    @Override
    public dev.sio4j.client.Emitter timeout(Duration timeout) {
        return defaultFlags.timeout(timeout);
    }

    @Override
    public dev.sio4j.client.Emitter volatile_() {
        return defaultFlags.volatile_();
    }

    @Override
    public dev.sio4j.client.Emitter compress(boolean compress) {
        return defaultFlags.compress(compress);
    }

    static void checkEvent(String event) {
        java.util.Objects.requireNonNull(event, "event");
        if (RESERVED.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    /** Called on the loop by {@link Flags}: queue for retries, or send now. */
    void submit(String event, ArrayNode data, Object[] userArgs, AckCallback ack, Flags flags, boolean fromQueue) {
        if (options.retries() > 0 && !fromQueue && !flags.isVolatile()) {
            queue.add(event, data, userArgs, ack, flags);
            return;
        }
        Long ackId = null;
        if (ack != null) {
            Duration t = flags.timeoutOr(options.ackTimeout());
            ackId = acks.register(ack, t, sendBuffer);
        }
        SocketPacket packet = SocketPacket.event(nsp, data, ackId);
        if (flags.isVolatile() && !manager.engineWritable()) {
            return; // volatile: dropped rather than buffered
        }
        if (connected) {
            EventRegistry.callAny(events.anyOutgoing, event, userArgs);
            manager.packet(packet, flags.compress());
        } else {
            sendBuffer.add(new Outgoing(packet, event, userArgs, flags.compress()));
        }
    }

    boolean isConnectedOnLoop() {
        return connected;
    }

    // ---- listeners ----

    @Override
    public Socket on(String event, Listener listener) {
        events.on(event, listener, listener, false);
        return this;
    }

    @Override
    public Socket on(String event, Runnable listener) {
        events.on(event, listener, args -> listener.run(), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, Consumer<? super T> listener) {
        events.on(event, listener, args -> listener.accept(
                manager.codec.fromJson(args.length > 0 ? args[0] : null, type)), false);
        return this;
    }

    @Override
    public Socket once(String event, Listener listener) {
        events.on(event, listener, listener, true);
        return this;
    }

    @Override public Socket off(String event, Object listener) { events.off(event, listener); return this; }
    @Override public Socket off(String event) { events.off(event); return this; }
    @Override public Socket off() { events.offAll(); return this; }
    @Override public boolean hasListeners(String event) { return events.has(event); }
    @Override public Socket onAny(AnyListener l) { events.any.add(l); return this; }
    @Override public Socket prependAny(AnyListener l) { events.any.add(0, l); return this; }
    @Override public Socket offAny(AnyListener l) { events.any.remove(l); return this; }
    @Override public Socket offAny() { events.any.clear(); return this; }
    @Override public Socket onAnyOutgoing(AnyListener l) { events.anyOutgoing.add(l); return this; }
    @Override public Socket prependAnyOutgoing(AnyListener l) { events.anyOutgoing.add(0, l); return this; }
    @Override public Socket offAnyOutgoing(AnyListener l) { events.anyOutgoing.remove(l); return this; }
    @Override public Socket offAnyOutgoing() { events.anyOutgoing.clear(); return this; }

    /** Drops buffered packets whose ack id timed out, so they are not sent later. */
    static void removeBuffered(List<Outgoing> buffer, long ackId) {
        for (Iterator<Outgoing> it = buffer.iterator(); it.hasNext(); ) {
            Long id = it.next().packet().id();
            if (id != null && id == ackId) {
                it.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "Socket[" + nsp + (connected ? ", connected" : "") + "]";
    }
}
