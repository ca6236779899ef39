// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.Adapter;
import dev.sio4j.adapter.AdapterNamespace;
import dev.sio4j.adapter.BroadcastFlags;
import dev.sio4j.adapter.LocalSocket;
import dev.sio4j.adapter.PreparedPacket;
import dev.sio4j.adapter.RestoredSession;
import dev.sio4j.engine.EngineMessage;
import dev.sio4j.engine.RefusalCause;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.server.ConnectError;
import dev.sio4j.server.ConnectionStateRecovery;
import dev.sio4j.server.EventListener;
import dev.sio4j.server.Middleware;
import dev.sio4j.server.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A namespace: middlewares, connection listeners, connected sockets and the adapter; also the
 * {@link AdapterNamespace} view its adapter uses. The broadcast methods are in
 * {@link AbstractNamespace}.
 *
 * <p>Thread-safe.
 */
final class NamespaceImpl extends AbstractNamespace implements AdapterNamespace {

    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    /** The operator selecting the whole namespace; see {@link #operator()}. */
    private volatile BroadcastOperatorImpl everyone;
    private final ServerCore server;
    private final String name;
    private final ParentNamespace parent;
    private final Adapter adapter;
    private final CompletableFuture<Void> adapterReady;
    private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, CopyOnWriteArrayList<EventListener>> serverSideListeners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final Map<String, Socket> socketsView = Collections.unmodifiableMap(sockets);
    private final AtomicLong ackIds = new AtomicLong();

    NamespaceImpl(ServerCore server, String name, ParentNamespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.adapter = server.options().adapterFactory().create(this);
        CompletableFuture<Void> init;
        try {
            init = adapter.init();
        } catch (RuntimeException e) {
            init = CompletableFuture.failedFuture(e);
        }
        this.adapterReady = init.whenComplete((v, err) -> {
            if (err != null) {
                log.warn("the adapter of namespace {} did not start", name, err);
            }
        });
    }

    /** Completes when the adapter has started (a cluster adapter: subscribed). */
    CompletableFuture<Void> adapterReady() {
        return adapterReady;
    }

    @Override
    public String name() {
        return name;
    }

    ParentNamespace parent() {
        return parent;
    }

    ServerCore server() {
        return server;
    }

    @Override
    public Adapter adapter() {
        return adapter;
    }

    @Override
    public NamespaceImpl on(String event, Consumer<Socket> listener) {
        checkConnectionEvent(event);
        connectionListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
    }

    static void checkConnectionEvent(String event) {
        if (!"connection".equals(event) && !"connect".equals(event)) {
            throw new IllegalArgumentException("a namespace only emits \"connection\"; got \"" + event + "\"");
        }
    }

    @Override
    public NamespaceImpl use(Middleware middleware) {
        middlewares.add(java.util.Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    @Override
    public NamespaceImpl onServerSideEmit(String event, EventListener listener) {
        serverSideListeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /** Copies the parent's middlewares and listeners onto a new child. */
    void inherit(List<Middleware> fns, List<Consumer<Socket>> listeners) {
        middlewares.addAll(fns);
        connectionListeners.addAll(listeners);
    }

    @Override
    public Map<String, Socket> sockets() {
        return socketsView;
    }

    @Override
    protected BroadcastOperatorImpl operator() {
        // Immutable, so one serves every namespace-wide emit; made on first use (no object
        // for a namespace that never broadcasts).
        BroadcastOperatorImpl all = everyone;
        if (all == null) {
            all = new BroadcastOperatorImpl(this);
            everyone = all; // racy on purpose: two threads may each make an equal value
        }
        return all;
    }

    @Override
    protected java.util.concurrent.CompletableFuture<List<JsonNode>> serverSideEmitNodes(String event, Object[] args,
                                                                                      Duration timeout) {
        List<JsonNode> nodes = EventArgs.tail(EventArgs.event(server.mapper(), event, List.of(args)), 0);
        if (timeout == null) {
            adapter.serverSideEmit(nodes);
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
        return adapter.serverSideEmitWithAck(nodes, timeout);
    }

    // ---- connecting ----

    /** A client asks to join; runs on the client's event loop. */
    void add(ConnectionImpl client, ObjectNode auth) {
        ConnectionStateRecovery csr = server.options().connectionStateRecovery();
        JsonNode pid = auth.get("pid");
        JsonNode offset = auth.get("offset");
        if (csr != null && pid != null && pid.isTextual() && offset != null && offset.isTextual()) {
            adapter.restoreSession(pid.asText(), offset.asText()).whenComplete((restored, err) ->
                    client.loop().execute(() -> create(client, auth,
                            err == null && restored.isPresent() ? restored.get() : null)));
        } else {
            create(client, auth, null);
        }
    }

    private void create(ConnectionImpl client, ObjectNode auth, RestoredSession restored) {
        if (!client.isOpen()) {
            client.connectFailed(name);
            return;
        }
        SocketImpl socket = new SocketImpl(this, client, HandshakeFactory.of(client.conn().request(), auth), restored);
        ConnectionStateRecovery csr = server.options().connectionStateRecovery();
        List<Middleware> chain = List.copyOf(middlewares);
        if (restored != null && csr.skipMiddlewares()) {
            // Only the checks that must hold again after an absence (an expiring token) run.
            chain = chain.stream().filter(Middleware::runsOnRecovery).toList();
            if (chain.isEmpty()) {
                admit(client, socket);
                return;
            }
        }
        runMiddlewares(socket, chain, 0, error -> client.loop().execute(() -> {
            if (!client.isOpen()) {
                socket.cleanup();
                client.connectFailed(name);
            } else if (error != null) {
                client.refused(RefusalCause.AUTH, "a CONNECT to " + name + " refused by a middleware");
                socket.cleanup();
                client.connectFailed(name);
                client.write(ConnectErrors.of(name, String.valueOf(error.getMessage()),
                        error.data() == null ? null : server.mapper().toTree(error.data())), false);
            } else {
                admit(client, socket);
            }
        }));
    }

    /** The middlewares passed: connects the socket unless its identity holds too many connections. Event loop. */
    private void admit(ConnectionImpl client, SocketImpl socket) {
        if (!socket.countIdentity()) {
            client.refused(RefusalCause.LIMIT, "a CONNECT to " + name + " past maxConnectionsPerUser");
            socket.cleanup();
            client.connectFailed(name);
            client.write(ConnectErrors.of(name, "Too many connections", null), false);
            return;
        }
        doConnect(client, socket);
    }

    private void runMiddlewares(SocketImpl socket, List<Middleware> chain, int index, Consumer<ConnectError> done) {
        if (index >= chain.size()) {
            done.accept(null);
            return;
        }
        Middleware m = chain.get(index);
        AtomicBoolean called = new AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (called.compareAndSet(false, true)) {
                    socket.runUser(() -> runMiddlewares(socket, chain, index + 1, done));
                }
            }

            @Override
            public void fail(ConnectError error) {
                if (called.compareAndSet(false, true)) {
                    done.accept(error == null ? new ConnectError("error") : error);
                }
            }
        };
        socket.runUser(() -> {
            try {
                m.handle(socket, next);
            } catch (ConnectError e) {
                next.fail(e);
            } catch (Exception e) { // checked ones too: Kotlin or a sneaky throw can raise them
                // A bug, not a refusal: its text may hold internals, so the client gets a generic
                // message; the log keeps the exception under a short id to refer to it by, and
                // never the CONNECT payload (it may carry tokens).
                String id = Ids.errorId();
                log.warn("a middleware of namespace {} failed; the client got CONNECT_ERROR \"server error\" "
                        + "(error id {})", name, id, e);
                next.fail(new ConnectError("server error"));
            }
        });
    }

    private void doConnect(ConnectionImpl client, SocketImpl socket) {
        sockets.put(socket.id(), socket);
        client.connected(socket);
        server.observers().current().socketConnected(name);
        socket.onConnect();
        for (Consumer<Socket> l : connectionListeners) {
            socket.runUser(() -> l.accept(socket));
        }
    }

    /**
     * The socket disconnected, or was refused by a middleware, and was cleaned up; any thread.
     * An empty child namespace is then removed when cleanupEmptyChildNamespaces is on, also
     * after a refusal (as socket.io), so that refused CONNECTs to many names leave nothing behind.
     */
    void remove(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
        if (parent != null && server.options().cleanupEmptyChildNamespaces() && sockets.isEmpty()) {
            server.removeChild(this);
        }
    }

    // ---- AdapterNamespace ----

    @Override
    public LocalSocket socket(String id) {
        return sockets.get(id);
    }

    @Override
    public SocketEncoder encoder() {
        return server.encoder();
    }

    @Override
    public PreparedPacket prepare(EncodedPacket encoded, BroadcastFlags flags) {
        return new PreparedEngineMessage(EngineMessage.of(encoded.text(), encoded.attachments()), flags.volatile_(),
                name, server.observers());
    }

    @Override
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    @Override
    public Duration maxDisconnectionDuration() {
        ConnectionStateRecovery csr = server.options().connectionStateRecovery();
        return csr == null ? null : csr.maxDisconnectionDuration();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return server.scheduler();
    }

    @Override
    public PayloadMapper mapper() {
        return server.mapper();
    }

    @Override
    public void onServerSideEmit(List<JsonNode> args, Consumer<JsonNode> ack) {
        if (args.isEmpty() || !args.get(0).isTextual()) {
            return;
        }
        String event = args.get(0).asText();
        List<JsonNode> rest = List.copyOf(args.subList(1, args.size()));
        List<EventListener> listeners = serverSideListeners.get(event);
        if (listeners == null) {
            return;
        }
        // The caller is a cluster transport's I/O thread: user code runs where listeners run.
        server.serverSideExecutor().execute(() -> {
            for (EventListener l : listeners) {
                AckImpl a = ack == null ? AckImpl.none() : AckImpl.forServer(server.mapper(), ack);
                try {
                    l.call(rest, a);
                } catch (RuntimeException e) {
                    log.warn("serverSideEmit listener for {} failed", event, e);
                }
            }
        });
    }
}
