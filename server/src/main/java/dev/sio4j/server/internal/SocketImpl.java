package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.Session;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.ProtocolStateException;
import dev.sio4j.server.SocketMiddleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One client in one namespace: its identity and state, its lifecycle (connect, packets,
 * disconnect) and rooms, and the {@link LocalSocket} view the adapter uses. Listener
 * registration is in {@link SocketListenerApi}, emission in {@link SocketEmitApi}, the incoming
 * event path in {@link IncomingEvents}, pending acks in {@link AckRegistry}.
 *
 * <p>Thread-safe: packet handling and lifecycle run on the client's event loop; emit, join and
 * listener registration may be called from any thread; listeners run on the listener executor.
 */
final class SocketImpl extends SocketEmitApi implements LocalSocket {

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
    private final IncomingEvents incoming;
    private volatile boolean connected;
    private volatile boolean closing;

    SocketImpl(NamespaceImpl nsp, Client client, Handshake handshake, RestoredSession restored) {
        this.nsp = nsp;
        this.client = client;
        this.handshake = handshake;
        Executor userExecutor = nsp.server().options().listenerExecutor();
        this.executor = userExecutor == null ? client.loop() : new SerialExecutor(userExecutor);
        this.acks = new AckRegistry(client.loop(), this::runUser);
        this.incoming = new IncomingEvents(listeners, this::runUser, this::reportError, this::live);
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

    @Override NamespaceImpl nsp() { return nsp; }
    @Override Client client() { return client; }
    @Override AckRegistry acks() { return acks; }
    @Override PayloadMapper mapper() { return nsp.server().mapper(); }
    @Override boolean live() { return connected && !closing; }

    @Override
    void runUser(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                reportError(e);
            }
        });
    }

    /**
     * Hands {@code t} to the error listeners (socket.io's "error" event). Without any, client
     * caused errors are logged at debug (a client must not be able to fill the logs) and
     * failures of user code at warn.
     */
    @Override
    void reportError(Throwable t) {
        if (listeners.errors.isEmpty()) {
            if (t instanceof EventArgumentException || t instanceof ProtocolException || t instanceof ProtocolStateException) {
                log.debug("socket {} on {}: {}", id, nsp.name(), t.toString());
            } else {
                log.warn("unhandled error in a listener of socket {} on {}", id, nsp.name(), t);
            }
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
        if (!live()) {
            return;
        }
        switch (packet.type()) {
            case EVENT -> {
                JsonNode data = packet.data();
                AckImpl ack = packet.id() == null ? AckImpl.none() : AckImpl.forSocket(this, packet.id());
                incoming.dispatch(data.get(0).asText(), EventArgs.tail(data, 1), ack);
            }
            case ACK -> acks.onAck(packet.id(), EventArgs.tail(packet.data(), 0));
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "");
            default -> { }
        }
    }

    /** Closes this socket with {@code reason}; event loop. Listeners see "disconnecting" with rooms set. */
    void onClose(DisconnectReason reason, String description) {
        if (!live()) {
            return;
        }
        closing = true;
        client.remove(this);
        List<JsonNode> args = List.of(TextNode.valueOf(reason.wireName()), TextNode.valueOf(description));
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

    // ---- state ----

    @Override public String id() { return id; }
    @Override public Namespace namespace() { return nsp; }
    @Override public Handshake handshake() { return handshake; }
    @Override public JsonNode handshakeJson() { return handshake.toJson(mapper().objectMapper()); }
    @Override public Map<String, Object> data() { return data; }
    @Override public Set<String> rooms() { return nsp.adapter().socketRooms(id); }
    @Override public boolean connected() { return live(); }
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
        incoming.use(middleware);
        return this;
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
