// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.engine.CloseReason;
import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketDecoder;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;
import dev.sio4j.protocol.socketio.SocketParseException;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.ProtocolStateException;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO session seen by the Socket.IO layer (socket.io's {@code Client}): decodes its
 * packets with one decoder, multiplexes them onto the sockets of the namespaces it joined, and
 * closes the session on protocol violations and when no namespace is joined within
 * connectTimeout.
 *
 * <p>A protocol violation is handled as socket.io 4.8 does: the violation goes to the error
 * listeners of the session's sockets (the decoder's {@link SocketParseException}, or a
 * {@link ProtocolStateException} for a packet the state does not allow), then the Engine.IO
 * session is closed, and the sockets disconnect with the engine's close reason ("forced close").
 *
 * <p>State confined to the session's event loop; {@link #write} may be called from any thread.
 * The upgrade and close listeners may be added from any thread, under this object's lock; an
 * idle connection has none, so both start as nothing (the shared empty list, null).
 */
final class ConnectionImpl implements EngineSocket.Listener, dev.sio4j.server.Connection {

    private static final Logger log = LoggerFactory.getLogger(ConnectionImpl.class);

    private final ServerCore server;
    private final EngineSocket conn;
    private final SocketDecoder decoder;
    /** Nearly always one namespace: a table of 2, not the default 16. */
    private final Map<String, SocketImpl> nsps = new HashMap<>(2);
    /** Namespaces whose CONNECT is in their middlewares; the shared empty set when none (nearly always). */
    private Set<String> connecting = Set.of();
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> attachmentTimer;
    private boolean closed;
    /** Characters and bytes of the packet being decoded so far (its frames), for the byte rate. */
    private int packetBytes;
    /** A violation was seen: nothing more is decoded while the engine closes. */
    private boolean violating;
    /** The public id of {@link dev.sio4j.server.Connection#id()}, made when first asked for. */
    private volatile String publicId;
    /** An immutable snapshot, replaced under this object's lock; the shared empty list until one is added. */
    private volatile List<java.util.function.Consumer<dev.sio4j.engine.Transport>> upgradeListeners = List.of();
    /** Guarded by this object's lock, with {@link #closedWith}; null until one is added. */
    private List<java.util.function.Consumer<DisconnectReason>> closeListeners;
    private DisconnectReason closedWith;
    /** Acks a listener was handed and has not sent yet, for a drain; any thread, through {@link #OWED_ACKS}. */
    private volatile int owedAcks;
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<ConnectionImpl> OWED_ACKS =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "owedAcks");

    ConnectionImpl(ServerCore server, EngineSocket conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = new SocketDecoder(server.options().decoderLimits());
    }

    void start() {
        conn.setListener(this);
        long ms = server.options().connectTimeout().toMillis();
        connectTimer = conn.eventLoop().schedule(() -> {
            if (nsps.isEmpty() && !closed) {
                log.debug("no namespace joined within connectTimeout, closing");
                conn.close();
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    EngineSocket conn() {
        return conn;
    }

    // ---- dev.sio4j.server.Connection (socket.conn) ----

    @Override
    public String id() {
        String id = publicId;
        if (id == null) {
            synchronized (this) {
                id = publicId;
                if (id == null) {
                    id = Ids.newId();
                    publicId = id;
                }
            }
        }
        return id;
    }

    @Override
    public dev.sio4j.engine.Transport transport() {
        return conn.transport();
    }

    @Override
    public void onUpgrade(java.util.function.Consumer<dev.sio4j.engine.Transport> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            List<java.util.function.Consumer<dev.sio4j.engine.Transport>> next = new ArrayList<>(upgradeListeners);
            next.add(listener);
            upgradeListeners = List.copyOf(next);
        }
    }

    @Override
    public void onClose(java.util.function.Consumer<DisconnectReason> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        DisconnectReason done;
        synchronized (this) {
            done = closedWith;
            if (done == null) {
                if (closeListeners == null) {
                    closeListeners = new ArrayList<>(2);
                }
                closeListeners.add(listener);
                return;
            }
        }
        callCloseListener(listener, done);
    }

    private static void callCloseListener(java.util.function.Consumer<DisconnectReason> listener, DisconnectReason reason) {
        try {
            listener.accept(reason);
        } catch (RuntimeException e) {
            log.warn("close listener failed", e);
        }
    }

    @Override
    public void onUpgrade(dev.sio4j.engine.Transport transport) {
        for (var l : upgradeListeners) {
            try {
                l.accept(transport);
            } catch (RuntimeException e) {
                log.warn("upgrade listener failed", e);
            }
        }
    }

    EventLoop loop() {
        return conn.eventLoop();
    }

    ServerCore server() {
        return server;
    }

    boolean isOpen() {
        return !closed && conn.isOpen();
    }

    @Override
    public void onMessage(String text) {
        if (violating) {
            return;
        }
        SocketPacket packet;
        packetBytes += text.length();
        try {
            packet = decoder.onText(text);
        } catch (SocketParseException e) {
            onParseError(e);
            return;
        }
        afterFrame(packet);
    }

    @Override
    public void onBinary(byte[] data) {
        if (violating) {
            return;
        }
        SocketPacket packet;
        packetBytes += data.length;
        try {
            packet = decoder.onBinary(data);
        } catch (SocketParseException e) {
            onParseError(e);
            return;
        }
        afterFrame(packet);
    }

    /**
     * Handles a finished packet, and bounds the wait for outstanding attachments: a binary
     * packet whose attachments do not all arrive within pingTimeout is a violation (row 34).
     */
    private void afterFrame(SocketPacket packet) {
        if (decoder.reconstructing()) {
            if (attachmentTimer == null) {
                long ms = server.options().engineOptions().pingTimeout().toMillis();
                attachmentTimer = conn.eventLoop().schedule(() -> {
                    attachmentTimer = null;
                    if (!violating && !closed) {
                        violation(new ProtocolStateException(SocketPacketType.BINARY_EVENT, null,
                                "binary attachments not completed within " + ms + " ms"), "attachments timeout");
                    }
                }, ms, TimeUnit.MILLISECONDS);
            }
        } else {
            cancelAttachmentTimer();
        }
        if (packet != null) {
            int size = packetBytes;
            packetBytes = 0;
            onPacket(packet, size);
        }
    }

    private void cancelAttachmentTimer() {
        if (attachmentTimer != null) {
            attachmentTimer.cancel(false);
            attachmentTimer = null;
        }
    }

    private void onParseError(SocketParseException e) {
        decoder.reset();
        packetBytes = 0;
        cancelAttachmentTimer();
        if (e.reason() == SocketParseException.Reason.BAD_NAMESPACE && e.packetType() == SocketPacketType.CONNECT
                && e.namespace() != null) {
            // As socket.io answers any namespace it cannot serve: the session and its other
            // namespaces stay. The echoed name is no longer than the CONNECT that carried it
            // (maxHttpBufferSize), and cannot hold ',' (it ends the name on the wire).
            refused(RefusalCause.BAD_REQUEST, "a CONNECT to an invalid namespace name");
            write(ConnectErrors.invalidNamespace(e.namespace()), false);
            return;
        }
        violation(e, "parse error: " + e.reason());
    }

    private void onPacket(SocketPacket packet, int size) {
        if (closed) {
            return;
        }
        String ns = packet.namespace();
        SocketImpl socket = nsps.get(ns);
        SocketPacketType type = packet.type();
        if (socket == null && type == SocketPacketType.CONNECT && !connecting.contains(ns)) {
            connect(ns, packet.data());
        } else if (socket != null && type != SocketPacketType.CONNECT && type != SocketPacketType.CONNECT_ERROR) {
            socket.onPacket(packet, size);
        } else {
            violation(new ProtocolStateException(type, ns), "invalid state (packet type " + type + ")");
        }
    }

    private void connect(String name, JsonNode authData) {
        ObjectNode auth = authData instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        if (nsps.size() + connecting.size() >= server.options().maxNamespacesPerClient()) {
            refused(RefusalCause.LIMIT, "a CONNECT past maxNamespacesPerClient");
            write(ConnectErrors.of(name, "Too many namespaces", null), false);
            return;
        }
        NamespaceImpl nsp = server.existing(name);
        if (nsp == null) {
            nsp = server.childFor(name, auth);
        }
        if (nsp == null) {
            refused(RefusalCause.BAD_REQUEST, "a CONNECT to a namespace that does not exist");
            write(ConnectErrors.invalidNamespace(name), false);
            return;
        }
        if (connecting.isEmpty()) {
            connecting = new HashSet<>(4);
        }
        connecting.add(name);
        nsp.add(this, auth);
    }

    /** The namespace middlewares passed: the socket is now connected (event loop). */
    void connected(SocketImpl socket) {
        String name = socket.nsp().name();
        stopConnecting(name);
        nsps.put(name, socket);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    /** The namespace refused or the session closed meanwhile (event loop). */
    void connectFailed(String name) {
        stopConnecting(name);
    }

    private void stopConnecting(String name) {
        // Set.of() refuses remove even of what it does not hold.
        if (!connecting.isEmpty() && connecting.remove(name) && connecting.isEmpty()) {
            connecting = Set.of();
        }
    }

    /** The connected socket left its namespace with {@code reason} (event loop; once per socket). */
    void remove(SocketImpl socket, DisconnectReason reason) {
        nsps.remove(socket.nsp().name(), socket);
        server.observers().current().socketDisconnected(socket.nsp().name(), reason);
    }

    /** Encodes and writes {@code packet}; any thread. */
    boolean write(SocketPacket packet, boolean volatile_) {
        return write(server.encoder().encode(packet), volatile_);
    }

    /** Writes an encoded packet; any thread. */
    boolean write(EncodedPacket encoded, boolean volatile_) {
        if (!encoded.hasAttachments() && !volatile_) {
            return conn.send(encoded.text());
        }
        try (EngineMessage m = EngineMessage.of(encoded.text(), encoded.attachments())) {
            return conn.send(m, volatile_);
        }
    }

    /** Counts (and logs at DEBUG) a refusal caused by what this client sent; any thread. */
    void refused(RefusalCause cause, String what) {
        server.refusals().session(cause, conn.request().clientAddress(), what);
    }

    /** Disconnects every namespace ("server namespace disconnect") and closes the session; event loop. */
    void disconnectAll() {
        for (SocketImpl s : new ArrayList<>(nsps.values())) {
            s.disconnectNow();
        }
        nsps.clear();
        closed = true;
        conn.close();
    }

    /**
     * A protocol violation: every socket of the session is told {@code error}, then the session
     * is closed; the engine's close callback disconnects the sockets ("forced close").
     */
    private void violation(RuntimeException error, String description) {
        refused(RefusalCause.PROTOCOL_VIOLATION, "a Socket.IO protocol violation (" + description + ")");
        violating = true;
        for (SocketImpl s : new ArrayList<>(nsps.values())) {
            s.runUser(() -> s.reportError(error));
        }
        conn.close();
    }

    /**
     * The server shuts down: every socket closes with "server shutting down" while the
     * connection is still open, as socket.io does before it closes the engine, so that the
     * sessions of connection state recovery are persisted before the client can reconnect
     * (possibly to another node). Completes once each socket's disconnect handling has run.
     * Any thread.
     */
    CompletableFuture<Void> shutDown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop().execute(() -> {
                List<SocketImpl> sockets = new ArrayList<>(nsps.values());
                closeSockets(DisconnectReason.SERVER_SHUTTING_DOWN, "");
                List<CompletableFuture<Void>> handled = new ArrayList<>();
                for (SocketImpl s : sockets) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    s.runUser(() -> f.complete(null)); // after the socket's own close tasks
                    handled.add(f);
                }
                CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new))
                        .whenComplete((v, e) -> done.complete(null));
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    private void closeSockets(DisconnectReason reason, String description) {
        closed = true;
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        for (SocketImpl s : new ArrayList<>(nsps.values())) {
            s.onClose(reason, description);
        }
        nsps.clear();
        decoder.reset();
        cancelAttachmentTimer();
    }

    @Override
    public void onClose(CloseReason reason, String description) {
        closeSockets(map(reason), description == null ? "" : description);
        server.clientClosed(this);
        List<java.util.function.Consumer<DisconnectReason>> toCall;
        synchronized (this) {
            closedWith = map(reason);
            toCall = closeListeners == null ? List.of() : List.copyOf(closeListeners);
            closeListeners = null;
        }
        toCall.forEach(l -> callCloseListener(l, closedWith));
        upgradeListeners = List.of();
    }

    void ackOwed(int delta) {
        OWED_ACKS.addAndGet(this, delta);
    }

    /**
     * Whether no ack is in flight on this connection, either way: none the sockets wait for and
     * none owed to the client. A drain ends the connection then. Event loop.
     */
    boolean quiet() {
        if (owedAcks > 0) {
            return false;
        }
        for (SocketImpl s : nsps.values()) {
            if (s.pendingAcks() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Namespaces joined or being joined; event loop (read by tests elsewhere as a snapshot). */
    int namespaceEntries() {
        return nsps.size() + connecting.size();
    }

    private static DisconnectReason map(CloseReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE -> DisconnectReason.TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> DisconnectReason.TRANSPORT_ERROR;
            case PING_TIMEOUT -> DisconnectReason.PING_TIMEOUT;
            case FORCED_CLOSE -> DisconnectReason.FORCED_CLOSE;
            case PARSE_ERROR -> DisconnectReason.PARSE_ERROR;
            case SERVER_SHUTTING_DOWN -> DisconnectReason.SERVER_SHUTTING_DOWN;
        };
    }
}
