// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.client.AckCallback;
import dev.sio4j.client.AnyListener;
import dev.sio4j.client.ClientOptions;
import dev.sio4j.client.ConnectError;
import dev.sio4j.client.DisconnectListener;
import dev.sio4j.client.Emitter;
import dev.sio4j.client.Listener;
import dev.sio4j.client.Manager;
import dev.sio4j.client.Socket;
import dev.sio4j.client.TypedAckListener;
import dev.sio4j.protocol.socketio.SocketPacket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A socket of one namespace: its lifecycle, the packets the server sends it, and its emits.
 * Its parts: listeners in {@link EventRegistry} (typed shapes adapted by {@link TypedListeners}),
 * held-back server events in {@link Inbox},
 * emits waiting for the connection in {@link SendBuffer}, acks in {@link AckRegistry}, retries in
 * {@link RetryQueue}, the CONNECT payload in {@link Recovery}.
 *
 * <p>Public methods may be called from any thread and hop to the manager's event loop; the
 * mutable state is confined there (the few fields read from other threads are volatile).
 */
final class RealSocket implements Socket {

    private static final Set<String> RESERVED = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    final RealManager manager;
    final EventRegistry events = new EventRegistry();
    private final String nsp;
    final ClientOptions options;
    private final Flags defaultFlags = new Flags(this, null, false, true);
    final AckRegistry acks;
    private final RetryQueue queue;
    private final Recovery recovery = new Recovery();
    private final Inbox inbox;
    private final SendBuffer sendBuffer = new SendBuffer();

    private volatile boolean subscribed;
    private volatile boolean connected;
    private volatile String id;
    private volatile boolean recovered;
    /**
     * A CONNECT went out on the current connection and is not answered yet (loop-confined).
     * {@code connect()} may run again after autoConnect's and after the connection opened (the
     * caller's thread raced the handshake): a second CONNECT for the namespace is a protocol
     * violation that makes the server close the whole connection, as socket.io's does.
     */
    private boolean connectSent;

    RealSocket(RealManager manager, String nsp, ClientOptions options) {
        this.manager = manager;
        this.nsp = nsp;
        this.options = options;
        this.acks = new AckRegistry(() -> manager.timers());
        this.queue = new RetryQueue(this, options.retries());
        this.inbox = new Inbox(manager, nsp, events, recovery);
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
        events.on(event, listener, TypedListeners.of(manager.codec, type, listener), false);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedAckListener<? super T> listener) {
        events.on(event, listener, TypedListeners.of(manager.codec, type, listener), false);
        return this;
    }

    @Override
    public Socket onDisconnect(DisconnectListener listener) {
        events.on("disconnect", listener, TypedListeners.of(listener), false);
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

    boolean isConnectedOnLoop() {
        return connected;
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
        connectSent = false;
        manager.onSocketDestroyed();
    }

    void onManagerOpen() {
        if (connected || connectSent) {
            return;
        }
        ObjectNode data;
        try {
            data = recovery.connectPayload(options, manager.codec);
        } catch (RuntimeException e) {
            // The auth supplier is user code: its failure is this socket's connect error, not the
            // connection's (the other namespaces still connect).
            events.emit("connect_error", new ConnectError(String.valueOf(e.getMessage()), null, e));
            return;
        }
        connectSent = true;
        manager.packet(SocketPacket.connect(nsp, data));
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
        connectSent = false;
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
            case EVENT -> inbox.onEvent(packet, connected);
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
        connectSent = false;
        id = sid;
        recovered = recovery.onConnect(newPid);
        connected = true;
        inbox.release();
        for (SendBuffer.Outgoing o : sendBuffer.drain()) {
            EventRegistry.callAny(events.anyOutgoing, o.event(), o.args());
            manager.packet(o.packet(), o.compress());
        }
        events.emit("connect");
        queue.drain(true);
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
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return defaultFlags.emitWithAck(type, event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return defaultFlags.timeout(timeout);
    }

    @Override
    public Emitter volatile_() {
        return defaultFlags.volatile_();
    }

    @Override
    public Emitter compress(boolean compress) {
        return defaultFlags.compress(compress);
    }

    static void checkEvent(String event) {
        Objects.requireNonNull(event, "event");
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
            sendBuffer.add(new SendBuffer.Outgoing(packet, event, userArgs, flags.compress()));
        }
    }

    @Override
    public String toString() {
        return "Socket[" + nsp + (connected ? ", connected" : "") + "]";
    }
}
