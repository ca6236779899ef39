// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.PersistedSession;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.AnyListener;
import dev.sio4j.server.BroadcastOperator;
import dev.sio4j.server.Connection;
import dev.sio4j.server.DisconnectListener;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.JsonAckListener;
import dev.sio4j.server.JsonListener;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketEmitter;
import dev.sio4j.server.SocketMiddleware;
import dev.sio4j.server.TypedAckListener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One client in one namespace: its identity and state, its lifecycle (connect, packets,
 * disconnect) and rooms, the public {@link Socket} and the {@link LocalSocket} view the adapter
 * uses. The rest is delegated to parts with narrow contracts, built here and wired in one
 * direction ({@link UserCalls} and {@link Listeners} at the bottom, {@link OutgoingEvents} over
 * {@link PendingAcks}); none knows this class, and the only calls back into it are the reads of
 * whether it is live and the {@code disconnectAt} timer's expiry:
 * <ul>
 *   <li>{@link UserCalls}: where user code runs (in order) and where its failures go;</li>
 *   <li>{@link Listeners} and {@link ListenerAdapters}: the listener registry and the adapting of
 *       each public listener shape to it;</li>
 *   <li>{@link IncomingEvents}: an EVENT's path through catch-all listeners, socket middlewares
 *       and the event's listeners;</li>
 *   <li>{@link InboundLimits}: the per-socket limits on what the client sends;</li>
 *   <li>{@link OutgoingEvents}: emits, ack answers and the adapter's deliveries;</li>
 *   <li>{@link PendingAcks}: the acks this socket waits for;</li>
 *   <li>{@link DisconnectTimer}: the {@code disconnectAt} deadline;</li>
 *   <li>{@link SocketIdentity}: the identity and its count for maxConnectionsPerUser.</li>
 * </ul>
 *
 * <p>Thread-safe: packet handling and lifecycle run on the client's event loop; emit, join and
 * listener registration may be called from any thread; listeners run on the listener executor.
 * Per-socket state an idle socket never uses is made on first use: the {@code data} map with a
 * compare-and-set on a volatile field (any thread), the listener lists and the ack registry as
 * their classes say.
 */
final class SocketImpl implements Socket, LocalSocket {

    private static final VarHandle DATA;

    static {
        try {
            DATA = MethodHandles.lookup().findVarHandle(SocketImpl.class, "data", Map.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NamespaceImpl nsp;
    private final ConnectionImpl client;
    private final String id;
    private final String pid;
    private final Handshake handshake;
    /** The user's data; null until {@link #data()} is first called (most sockets never store any). Set once, by CAS. */
    private volatile Map<String, Object> data;
    private final boolean recovered;
    private final RestoredSession restored;

    private final Listeners listeners = new Listeners();
    private final UserCalls calls;
    private final ListenerAdapters adapters;
    private final PendingAcks acks;
    private final IncomingEvents incoming;
    private final InboundLimits limits;       // confined to the client's event loop
    private final OutgoingEvents out;
    private final DisconnectTimer deadline;
    private final SocketIdentity identity;

    private volatile boolean connected;
    private volatile boolean closing;

    SocketImpl(NamespaceImpl nsp, ConnectionImpl client, Handshake handshake, RestoredSession restored) {
        this.nsp = nsp;
        this.client = client;
        this.handshake = handshake;
        this.restored = restored;
        if (restored != null) {
            PersistedSession s = restored.session();
            this.id = s.sid();
            this.pid = s.pid();
            this.data = s.data();
            this.recovered = true;
            nsp.adapter().addAll(id, s.rooms());
        } else {
            this.id = Ids.newId();
            this.pid = nsp.server().options().connectionStateRecovery() == null ? null : Ids.newId();
            this.recovered = false;
        }
        Executor userExecutor = nsp.server().options().listenerExecutor();
        this.calls = new UserCalls(userExecutor == null ? client.loop() : new SerialExecutor(userExecutor),
                listeners::errors, id, nsp.name());
        // One instance of each callback the parts share: every socket keeps them for life.
        Consumer<Runnable> runUser = calls::run;
        Consumer<Throwable> report = calls::report;
        BooleanSupplier live = this::live;
        this.adapters = new ListenerAdapters(listeners, nsp.server().mapper(), report);
        this.acks = new PendingAcks(client.loop(), runUser);
        // Ack round trips and listener time are reported under the namespace's name.
        acks.observe(nsp.name(), nsp.server().observers());
        listeners.observe(nsp.name(), nsp.server().observers());
        this.incoming = new IncomingEvents(listeners, runUser, report, live);
        this.limits = new InboundLimits(nsp.server().options().socketLimits(), calls,
                what -> client.refused(RefusalCause.LIMIT, what));
        this.out = new OutgoingEvents(nsp, client, id, acks, listeners::anyOutgoing, calls, live);
        this.deadline = new DisconnectTimer(nsp.server().scheduler(), client.loop(), this::disconnectNow);
        this.identity = new SocketIdentity(nsp.server().users(), client);
    }

    /** Whether packets may still be sent and received (connected and not closing). */
    private boolean live() {
        return connected && !closing;
    }

    NamespaceImpl nsp() {
        return nsp;
    }

    /** Runs user code on this socket's listener executor, in order. */
    void runUser(Runnable task) {
        calls.run(task);
    }

    /** Hands {@code t} to this socket's error listeners (or the log). */
    void reportError(Throwable t) {
        calls.report(t);
    }

    // ---- lifecycle (event loop) ----

    /** Sends CONNECT and replays missed packets; the namespace calls it on the event loop. */
    void onConnect() {
        connected = true;
        nsp.adapter().addAll(id, Set.of(id));
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("sid", id);
        if (pid != null) {
            payload.put("pid", pid);
        }
        client.write(SocketPacket.connect(nsp.name(), payload), false);
        if (restored != null) {
            for (ArrayNode missed : restored.missedPackets()) {
                client.write(SocketPacket.event(nsp.name(), missed), false);
            }
        }
        if (deadline.isSet()) {
            deadline.arm();
        }
    }

    /** A packet for this socket; {@code size}: its characters and attachment bytes, for the byte rate. */
    void onPacket(SocketPacket packet, int size) {
        if (!live()) {
            return;
        }
        switch (packet.type()) {
            case EVENT -> {
                JsonNode args = packet.data();
                String event = args.get(0).asText();
                if (admitted(event, args.size() - 1, size)) {
                    AckImpl ack = packet.id() == null ? AckImpl.none() : AckImpl.forSocket(out, client, packet.id());
                    List<JsonNode> eventArgs = EventArgs.tail(args, 1);
                    // On the loop with nothing of this socket queued, the listener runs now: no hand-off.
                    calls.runSoon(() -> incoming.deliver(event, eventArgs, ack));
                }
            }
            case ACK -> {
                if (admitted(null, packet.data().size(), size)) {
                    acks.onAck(packet.id(), EventArgs.tail(packet.data(), 0));
                }
            }
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "");
            default -> { }
        }
    }

    /** Whether a packet is within the limits; over them, a disconnect may be queued. Event loop. */
    private boolean admitted(String event, int arguments, int size) {
        InboundLimits.Verdict verdict = limits.check(event, arguments, size);
        if (verdict == InboundLimits.Verdict.DROP_AND_DISCONNECT) {
            // Behind the listener calls already queued: events accepted before this one still run.
            calls.run(() -> disconnect(false));
        }
        return verdict == InboundLimits.Verdict.PASS;
    }

    /** Closes this socket with {@code reason}; event loop. Listeners see "disconnecting" with rooms set. */
    void onClose(DisconnectReason reason, String description) {
        if (!live()) {
            return;
        }
        closing = true;
        deadline.cancel();
        client.remove(this, reason);
        List<JsonNode> args = List.of(TextNode.valueOf(reason.wireName()), TextNode.valueOf(description));
        calls.run(() -> listeners.emit("disconnecting", args, AckImpl.none(), calls::report));
        calls.run(() -> {
            if (pid != null && reason.recoverable()) {
                nsp.adapter().persistSession(new PersistedSession(id, pid, rooms(), data()));
            }
            cleanup();
            connected = false;
            acks.failAll(reason.wireName());
            listeners.emit("disconnect", args, AckImpl.none(), calls::report);
        });
    }

    /** Leaves every room and the namespace, and stops counting towards its identity's connections. */
    void cleanup() {
        nsp.adapter().delAll(id);
        identity.release();
        nsp.remove(this);
    }

    /** Counts this socket for its identity, if it has one; false when the identity holds too many connections. */
    boolean countIdentity() {
        return identity.count();
    }

    /** Sends DISCONNECT and closes with "server namespace disconnect"; event loop. */
    void disconnectNow() {
        if (!live()) {
            return;
        }
        client.write(SocketPacket.disconnect(nsp.name()), false);
        onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, "");
    }

    @Override
    public void disconnect(boolean close) {
        client.loop().execute(() -> {
            if (close) {
                client.disconnectAll();
            } else {
                disconnectNow();
            }
        });
    }

    @Override
    public void disconnectAt(Instant when) {
        deadline.set(Objects.requireNonNull(when, "when"));
        // Before the socket connects, onConnect arms it; both may arm, which is idempotent.
        if (connected) {
            deadline.arm();
        }
    }

    // ---- state ----

    @Override public String id() { return id; }
    @Override public Namespace namespace() { return nsp; }
    @Override public Handshake handshake() { return handshake; }
    @Override public Connection conn() { return client; }
    @Override public JsonNode handshakeJson() { return handshake.toJson(nsp.server().mapper().objectMapper()); }

    @Override
    public Map<String, Object> data() {
        Map<String, Object> map = data;
        if (map == null) {
            Map<String, Object> fresh = new ConcurrentHashMap<>();
            map = DATA.compareAndSet(this, null, fresh) ? fresh : data;
        }
        return map;
    }

    @Override public Set<String> rooms() { return nsp.adapter().socketRooms(id); }
    @Override public boolean connected() { return live(); }
    @Override public boolean recovered() { return recovered; }

    @Override
    public String identity() {
        return identity.get();
    }

    @Override
    public void setIdentity(String newIdentity) {
        Objects.requireNonNull(newIdentity, "identity");
        if (newIdentity.isEmpty()) {
            throw new IllegalArgumentException("identity must not be empty");
        }
        if (connected) {
            throw new IllegalStateException("the identity is set before the socket connects (in a middleware)");
        }
        identity.set(newIdentity);
    }

    // ---- rooms ----

    @Override public void join(String room) { join(List.of(room)); }
    @Override public void join(Set<String> rooms) { join((Collection<String>) rooms); }
    @Override public void leave(String room) { nsp.adapter().del(id, room); }

    @Override
    public void join(Collection<String> rooms) {
        if (!closing) {
            nsp.adapter().addAll(id, Set.copyOf(rooms));
        }
    }

    // ---- emitting (OutgoingEvents) ----

    @Override
    public boolean emit(String event, Object... args) {
        return out.emit(BroadcastFlags.DEFAULT, event, args);
    }

    @Override
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        return out.emitWithAck(BroadcastFlags.DEFAULT, event, args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return out.emitWithAck(BroadcastFlags.DEFAULT, type, event, args);
    }

    @Override
    public boolean deliver(PreparedPacket prepared, SocketPacket packet) {
        return out.deliver(prepared, packet);
    }

    @Override
    public void expectAck(long ackId, Duration timeout, Consumer<JsonNode> onResponse) {
        out.expectAck(ackId, timeout, onResponse);
    }

    @Override public boolean send(Object... args) { return emit("message", args); }
    @Override public SocketEmitter timeout(Duration t) { return withFlags(BroadcastFlags.DEFAULT.withTimeout(t)); }
    @Override public SocketEmitter volatile_() { return withFlags(BroadcastFlags.DEFAULT.withVolatile(true)); }
    @Override public SocketEmitter compress(boolean c) { return withFlags(BroadcastFlags.DEFAULT.withCompress(c)); }
    @Override public BroadcastOperator broadcast() { return out.broadcast(BroadcastFlags.DEFAULT); }
    @Override public BroadcastOperator to(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return broadcast().to(rooms); }
    @Override public BroadcastOperator in(String room) { return broadcast().to(room); }
    @Override public BroadcastOperator except(String room) { return broadcast().except(room); }

    private SocketEmitter withFlags(BroadcastFlags flags) {
        return new SocketEmitterImpl(out, flags);
    }

    // ---- listeners (Listeners, ListenerAdapters, IncomingEvents) ----

    @Override public Socket onArgs(String event, EventListener l) { adapters.raw(event, l, false); return this; }
    @Override public Socket onceArgs(String event, EventListener l) { adapters.raw(event, l, true); return this; }
    @Override public Socket on(String event, JsonListener l) { adapters.json(event, l, false); return this; }
    @Override public Socket once(String event, JsonListener l) { adapters.json(event, l, true); return this; }
    @Override public Socket on(String event, JsonAckListener l) { adapters.jsonWithAck(event, l); return this; }

    @Override
    public <T> Socket on(String event, Class<T> type, Consumer<T> l) {
        adapters.typed(event, type, l);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedAckListener<T> l) {
        adapters.typedWithAck(event, type, l);
        return this;
    }

    @Override public Socket onDisconnect(DisconnectListener l) { adapters.disconnect(l); return this; }
    @Override public Socket off(String event, Object l) { listeners.remove(event, l); return this; }
    @Override public Socket off(String event) { listeners.removeAll(event); return this; }
    @Override public Socket onAny(AnyListener l) { listeners.addAnyIncoming(nonNull(l), false); return this; }
    @Override public Socket prependAny(AnyListener l) { listeners.addAnyIncoming(nonNull(l), true); return this; }
    @Override public Socket offAny(AnyListener l) { listeners.removeAnyIncoming(l); return this; }
    @Override public Socket offAny() { listeners.clearAnyIncoming(); return this; }
    @Override public Socket onAnyOutgoing(AnyListener l) { listeners.addAnyOutgoing(nonNull(l), false); return this; }
    @Override public Socket prependAnyOutgoing(AnyListener l) { listeners.addAnyOutgoing(nonNull(l), true); return this; }
    @Override public Socket offAnyOutgoing(AnyListener l) { listeners.removeAnyOutgoing(l); return this; }
    @Override public Socket offAnyOutgoing() { listeners.clearAnyOutgoing(); return this; }
    @Override public Socket onError(Consumer<Throwable> l) { listeners.addError(nonNull(l)); return this; }
    @Override public List<String> eventNames() { return listeners.eventNames(); }
    @Override public SocketImpl use(SocketMiddleware middleware) { incoming.use(middleware); return this; }

    private static <L> L nonNull(L listener) {
        return Objects.requireNonNull(listener, "listener");
    }

    /** Acks this socket still waits for; for the leak checks of tests. */
    int pendingAcks() {
        return acks.size();
    }

    @Override
    public String toString() {
        return "Socket[" + id + " on " + nsp.name() + "]";
    }
}
