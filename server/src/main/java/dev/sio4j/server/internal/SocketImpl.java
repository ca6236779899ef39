// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.adapter.Session;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.engine.internal.TokenBucket;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.ProtocolException;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.EventArgumentException;
import dev.sio4j.server.Handshake;
import dev.sio4j.server.LimitAction;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.ProtocolStateException;
import dev.sio4j.server.SocketLimitException;
import dev.sio4j.server.SocketLimits;
import dev.sio4j.server.SocketMiddleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

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
    private final SocketLimits limits;
    private final DisconnectTimer deadline;
    // Confined to the client's event loop.
    private final TokenBucket eventRate;
    private final TokenBucket byteRate;
    private int violations;
    private boolean disconnectQueued;
    private volatile String identity;
    /** The identity this socket was counted under for maxConnectionsPerUser, until released. */
    private final AtomicReference<String> countedIdentity = new AtomicReference<>();
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
        this.limits = nsp.server().options().socketLimits();
        this.deadline = new DisconnectTimer(nsp.server().scheduler(), client.loop(), this::disconnectNow);
        long now = System.nanoTime();
        this.eventRate = limits.eventsPerSecond() == null ? null : new TokenBucket(limits.eventsPerSecond(), now);
        this.byteRate = limits.bytesPerSecond() == null ? null : new TokenBucket(limits.bytesPerSecond(), now);
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
            // A client over its limits is client-caused too: a flood must not become a flood of warnings.
            if (t instanceof EventArgumentException || t instanceof ProtocolException || t instanceof ProtocolStateException
                    || t instanceof SocketLimitException) {
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
                JsonNode data = packet.data();
                String event = data.get(0).asText();
                if (withinLimits(event, data.size() - 1, size)) {
                    AckImpl ack = packet.id() == null ? AckImpl.none() : AckImpl.forSocket(this, packet.id());
                    incoming.dispatch(event, EventArgs.tail(data, 1), ack);
                }
            }
            case ACK -> {
                if (withinLimits(null, packet.data().size(), size)) {
                    acks.onAck(packet.id(), EventArgs.tail(packet.data(), 0));
                }
            }
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "");
            default -> { }
        }
    }

    /**
     * Checks an incoming event ({@code event} null: an ack) against the socket's limits; over one,
     * it is dropped and handled as {@link SocketLimits#onViolation()} says. Event loop.
     */
    private boolean withinLimits(String event, int arguments, int size) {
        SocketLimitException over = null;
        // The name is the client's: no control characters into messages that may reach a log.
        String what = event == null ? "an ack" : "event \"" + event.replaceAll("\\p{Cntrl}", "?") + "\"";
        long now = System.nanoTime();
        if (limits.maxArgumentsPerEvent() > 0 && arguments > limits.maxArgumentsPerEvent()) {
            over = new SocketLimitException(SocketLimitException.Limit.ARGUMENTS, event, what + " dropped: "
                    + arguments + " arguments, more than maxArgumentsPerEvent (" + limits.maxArgumentsPerEvent() + ")");
        } else if (event != null && eventRate != null && !eventRate.tryTake(1, now)) {
            over = new SocketLimitException(SocketLimitException.Limit.EVENT_RATE, event, what
                    + " dropped: over eventsPerSecond");
        } else if (byteRate != null && !byteRate.tryTake(size, now)) {
            over = new SocketLimitException(SocketLimitException.Limit.BYTE_RATE, event, what
                    + " dropped: over bytesPerSecond");
        }
        if (over == null) {
            return true;
        }
        client.refused(RefusalCause.LIMIT, over.getMessage());
        SocketLimitException error = over;
        runUser(() -> reportError(error));
        violations++;
        int after = limits.disconnectAfterViolations();
        if (!disconnectQueued && (limits.onViolation() == LimitAction.DISCONNECT || (after > 0 && violations >= after))) {
            // Behind the listener calls already queued: events accepted before this one still run.
            disconnectQueued = true;
            runUser(() -> disconnect(false));
        }
        return false;
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

    /** Leaves every room and the namespace, and stops counting towards its identity's connections. */
    void cleanup() {
        nsp.adapter().delAll(id);
        String counted = countedIdentity.getAndSet(null);
        if (counted != null) {
            nsp.server().users().remove(counted, client);
        }
        nsp.remove(this);
    }

    /** Counts this socket for its identity, if it has one; false when the identity holds too many connections. */
    boolean countIdentity() {
        String who = identity();
        if (who == null) {
            return true;
        }
        if (!nsp.server().users().tryAdd(who, client)) {
            return false;
        }
        countedIdentity.set(who);
        return true;
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
    public void disconnectAt(java.time.Instant when) {
        deadline.set(java.util.Objects.requireNonNull(when, "when"));
        // Before the socket connects, onConnect arms it; both may arm, which is idempotent.
        if (connected) {
            deadline.arm();
        }
    }

    // ---- state ----

    @Override public String id() { return id; }
    @Override public Namespace namespace() { return nsp; }
    @Override public Handshake handshake() { return handshake; }
    @Override public dev.sio4j.server.Connection conn() { return client; }
    @Override public JsonNode handshakeJson() { return handshake.toJson(mapper().objectMapper()); }
    @Override public Map<String, Object> data() { return data; }
    @Override public Set<String> rooms() { return nsp.adapter().socketRooms(id); }
    @Override public boolean connected() { return live(); }
    @Override public boolean recovered() { return recovered; }

    @Override
    public String identity() {
        String own = identity;
        return own != null ? own : client.conn().identity();
    }

    @Override
    public void setIdentity(String newIdentity) {
        java.util.Objects.requireNonNull(newIdentity, "identity");
        if (newIdentity.isEmpty()) {
            throw new IllegalArgumentException("identity must not be empty");
        }
        if (connected) {
            throw new IllegalStateException("the identity is set before the socket connects (in a middleware)");
        }
        identity = newIdentity;
    }

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
