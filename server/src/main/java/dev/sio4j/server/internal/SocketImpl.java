package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.BroadcastOptions;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.Session;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.AckCallback;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.SocketEmitter;
import dev.sio4j.server.SocketMiddleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client in one namespace: lifecycle (connect, packets, disconnect), emission and the
 * {@link LocalSocket} view the adapter uses. Listener registration is in {@link SocketListenerApi}.
 *
 * <p>Thread-safe: packet handling and lifecycle run on the client's event loop; emit, join and
 * listener registration may be called from any thread; listeners run on {@link #executor}.
 */
final class SocketImpl extends SocketListenerApi implements LocalSocket {

    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private final NamespaceImpl nsp;
    private final Client client;
    private final String id;
    private final String pid;
    private final Handshake handshake;
    private final Map<String, Object> data;
    private final boolean recovered;
    private final RestoredSession restored;
    private final Executor executor;
    private final AckRegistry acks;
    final CopyOnWriteArrayList<SocketMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private volatile boolean closing;

    SocketImpl(NamespaceImpl nsp, Client client, Handshake handshake, RestoredSession restored) {
        this.nsp = nsp;
        this.client = client;
        this.handshake = handshake;
        Executor userExecutor = nsp.server().options().listenerExecutor();
        this.executor = userExecutor == null ? client.loop() : new SerialExecutor(userExecutor);
        this.acks = new AckRegistry(client.loop(), this::runUser);
        this.restored = restored;
        if (restored != null) {
            Session s = restored.session();
            this.id = s.sid();
            this.pid = s.pid();
            this.data = s.data();
            this.recovered = true;
            nsp.adapter().addAll(id, s.rooms());
        } else {
            this.id = Ids.newId();
            this.pid = nsp.server().options().connectionStateRecovery() == null ? null : Ids.newId();
            this.data = new ConcurrentHashMap<>();
            this.recovered = false;
        }
    }

    NamespaceImpl nsp() {
        return nsp;
    }

    @Override
    Payloads payloads() {
        return nsp.server().payloads();
    }

    /** Runs user code on this socket's listener executor, in order; failures are logged. */
    void runUser(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                reportError(e);
            }
        });
    }

    @Override
    void reportError(Throwable t) {
        if (listeners.errors.isEmpty()) {
            log.warn("unhandled error in a listener of socket {} on {}", id, nsp.name(), t);
            return;
        }
        for (var l : listeners.errors) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                log.warn("error listener failed", e);
            }
        }
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
    }

    void onPacket(SocketPacket packet) {
        if (!connected || closing) {
            return;
        }
        switch (packet.type()) {
            case EVENT -> onEvent(packet);
            case ACK -> acks.onAck(packet.id(), Payloads.tail(packet.data(), 0));
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "");
            default -> { }
        }
    }

    private void onEvent(SocketPacket packet) {
        JsonNode data = packet.data();
        String event = data.get(0).asText();
        List<JsonNode> args = Payloads.tail(data, 1);
        AckImpl ack = packet.id() == null ? AckImpl.none() : AckImpl.forSocket(this, packet.id());
        runUser(() -> {
            Listeners.callAny(listeners.anyIncoming, event, args, this::reportError);
            runMiddlewares(0, event, args, () -> {
                if (connected && !closing) {
                    listeners.emit(event, args, ack, this::reportError);
                }
            });
        });
    }

    private void runMiddlewares(int index, String event, List<JsonNode> args, Runnable done) {
        if (index >= middlewares.size()) {
            done.run();
            return;
        }
        AtomicBoolean called = new AtomicBoolean();
        SocketMiddleware m = middlewares.get(index);
        try {
            m.handle(event, args, new SocketMiddleware.Next() {
                @Override
                public void proceed() {
                    if (called.compareAndSet(false, true)) {
                        runUser(() -> runMiddlewares(index + 1, event, args, done));
                    }
                }

                @Override
                public void fail(Exception error) {
                    if (called.compareAndSet(false, true)) {
                        runUser(() -> reportError(error));
                    }
                }
            });
        } catch (RuntimeException e) {
            if (called.compareAndSet(false, true)) {
                reportError(e);
            }
        }
    }

    /** Closes this socket with {@code reason}; event loop. Listeners see "disconnecting" with rooms set. */
    void onClose(DisconnectReason reason, String description) {
        if (!connected || closing) {
            return;
        }
        closing = true;
        client.remove(this);
        TextNode why = TextNode.valueOf(reason.wireName());
        List<JsonNode> args = List.of(why, TextNode.valueOf(description));
        runUser(() -> listeners.emit("disconnecting", args, AckImpl.none(), this::reportError));
        runUser(() -> {
            if (pid != null && reason.recoverable()) {
                nsp.adapter().persistSession(new Session(id, pid, rooms(), data));
            }
            cleanup();
            connected = false;
            acks.failAll(reason.wireName());
            listeners.emit("disconnect", args, AckImpl.none(), this::reportError);
        });
    }

    /** Leaves every room and the namespace. */
    void cleanup() {
        nsp.adapter().delAll(id);
        nsp.remove(this);
    }

    /** Sends DISCONNECT and closes with "server namespace disconnect"; event loop. */
    void disconnectNow() {
        if (!connected || closing) {
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

    // ---- emission (any thread) ----

    @Override
    public boolean emit(String event, Object... args) {
        return emitWith(BroadcastFlags.DEFAULT, event, args);
    }

    boolean emitWith(BroadcastFlags flags, String event, Object[] args) {
        Payloads.checkEventName(event);
        AckCallback callback = null;
        List<Object> list = Arrays.asList(args);
        if (args.length > 0 && args[args.length - 1] instanceof AckCallback cb) {
            callback = cb;
            list = list.subList(0, args.length - 1);
        }
        ArrayNode payload = payloads().event(event, list);
        if (!connected || closing) {
            if (callback != null) {
                AckCallback c = callback;
                runUser(() -> c.call(new dev.sio4j.server.SocketDisconnectedException("not connected"), List.of()));
            }
            return false;
        }
        Long ackId = null;
        if (callback != null) {
            ackId = nsp.nextAckId();
            acks.register(ackId, callback, flags.timeout(), false);
        }
        SocketPacket packet = SocketPacket.event(nsp.name(), payload, ackId);
        if (nsp.server().options().connectionStateRecovery() != null) {
            // Through the adapter, so the packet gets an offset and is kept for replay (as socket.io).
            nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(id), Set.of(), flags));
            return true;
        }
        notifyOutgoing(payload);
        return client.write(packet, flags.volatile_());
    }

    @Override
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        return emitWithAck(BroadcastFlags.DEFAULT, event, args);
    }

    CompletableFuture<JsonNode> emitWithAck(BroadcastFlags flags, String event, Object[] args) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        Object[] withCb = Arrays.copyOf(args, args.length + 1);
        withCb[args.length] = (AckCallback) (err, res) -> {
            if (err != null) {
                f.completeExceptionally(err);
            } else {
                f.complete(Payloads.first(res));
            }
        };
        emitWith(flags, event, withCb);
        return f;
    }

    void sendAck(long ackId, ArrayNode args) {
        if (connected && !closing) {
            client.write(SocketPacket.ack(nsp.name(), ackId, args), false);
        }
    }

    private void notifyOutgoing(JsonNode payload) {
        if (listeners.anyOutgoing.isEmpty() || payload == null || !payload.isArray() || payload.isEmpty()) {
            return;
        }
        String event = payload.get(0).asText();
        List<JsonNode> args = Payloads.tail(payload, 1);
        runUser(() -> Listeners.callAny(listeners.anyOutgoing, event, args, this::reportError));
    }

    @Override public boolean send(Object... args) { return emit("message", args); }
    @Override public SocketEmitter timeout(Duration t) { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withTimeout(t)); }
    @Override public SocketEmitter volatile_() { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withVolatile(true)); }
    @Override public SocketEmitter compress(boolean c) { return new SocketEmitterImpl(this, BroadcastFlags.DEFAULT.withCompress(c)); }
    @Override public dev.sio4j.server.BroadcastOperator broadcast() { return operator(BroadcastFlags.DEFAULT); }
    @Override public dev.sio4j.server.BroadcastOperator to(String room) { return broadcast().to(room); }
    @Override public dev.sio4j.server.BroadcastOperator to(Collection<String> rooms) { return broadcast().to(rooms); }
    @Override public dev.sio4j.server.BroadcastOperator in(String room) { return broadcast().to(room); }
    @Override public dev.sio4j.server.BroadcastOperator except(String room) { return broadcast().except(room); }

    /** Every other socket: socket.io's {@code socket.broadcast}, which excepts this socket's own room. */
    BroadcastOperatorImpl operator(BroadcastFlags flags) {
        return new BroadcastOperatorImpl(nsp, Set.of(), Set.of(id), flags);
    }

    // ---- LocalSocket (any thread) ----

    @Override
    public boolean deliver(PreparedPacket prepared, SocketPacket packet) {
        if (!connected || closing) {
            return false;
        }
        notifyOutgoing(packet.data());
        PreparedEngineMessage m = (PreparedEngineMessage) prepared;
        return client.conn().send(m.message(), m.volatile_());
    }

    @Override
    public void expectAck(long ackId, Duration timeout, java.util.function.Consumer<JsonNode> onResponse) {
        acks.register(ackId, (err, args) -> onResponse.accept(args.isEmpty()
                ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : args.get(0)), timeout, true);
    }

    // ---- state ----

    @Override public String id() { return id; }
    @Override public Namespace namespace() { return nsp; }
    @Override public Handshake handshake() { return handshake; }
    @Override public JsonNode handshakeJson() { return handshake.toJson(payloads().mapper()); }
    @Override public Map<String, Object> data() { return data; }
    @Override public Set<String> rooms() { return nsp.adapter().socketRooms(id); }
    @Override public boolean connected() { return connected && !closing; }
    @Override public boolean recovered() { return recovered; }

    @Override
    public void join(String room) {
        join(List.of(room));
    }

    @Override
    public void join(Collection<String> rooms) {
        if (!closing) {
            nsp.adapter().addAll(id, Set.copyOf(rooms));
        }
    }

    @Override
    public void join(Set<String> rooms) {
        join((Collection<String>) rooms);
    }

    @Override
    public void leave(String room) {
        nsp.adapter().del(id, room);
    }

    @Override
    public SocketImpl use(SocketMiddleware middleware) {
        middlewares.add(java.util.Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    int pendingAcks() {
        return acks.size();
    }

    @Override
    public String toString() {
        return "Socket[" + id + " on " + nsp.name() + "]";
    }
}
