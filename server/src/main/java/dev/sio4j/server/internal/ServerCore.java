// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sio4j.engine.ConnectionError;
import dev.sio4j.engine.EngineSocket;
import dev.sio4j.engine.internal.RealEngineServer;
import dev.sio4j.engine.internal.Refusals;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.NamespaceMatcher;
import dev.sio4j.server.ServerOptions;
import io.netty.channel.ChannelHandler;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The server behind {@link dev.sio4j.server.SocketIoServer}: options, the Engine.IO server, the
 * namespace registry (static and dynamic parents), the shared encoder and a timer thread for
 * adapters and broadcast ack timeouts.
 *
 * <p>Thread-safe.
 */
public final class ServerCore {

    /** How long close() waits for the sockets' disconnect handling (user listeners) before closing the connections. */
    private static final java.time.Duration SOCKETS_CLOSE_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final ServerOptions options;
    private final RealEngineServer engine;
    private final SocketEncoder encoder = new SocketEncoder();
    private final ScheduledThreadPoolExecutor scheduler;
    private final java.util.concurrent.Executor serverSideExecutor;
    private final ConcurrentHashMap<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ParentNamespace> parents = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final java.util.Set<ConnectionImpl> clients = ConcurrentHashMap.newKeySet();
    private final UserConnections users;
    private final CopyOnWriteArrayList<Consumer<Namespace>> namespaceListeners = new CopyOnWriteArrayList<>();
    private final Observers observers;
    private volatile Thread timerThread;
    private final Drain drain = new Drain(this);

    public ServerCore(ServerOptions options) {
        this.options = options;
        this.users = new UserConnections(options.socketLimits().maxConnectionsPerUser());
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sio4j-timer");
            t.setDaemon(true);
            timerThread = t;
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.serverSideExecutor = options.listenerExecutor() == null ? scheduler
                : new SerialExecutor(options.listenerExecutor());
        this.engine = new RealEngineServer(options.engineOptions(), this::onConnection);
        this.observers = new Observers(engine);
        namespace("/");
    }

    public ServerOptions options() {
        return options;
    }

    UserConnections users() {
        return users;
    }

    /** Identities with a counted connection (for the leak tests: back to the baseline once users are gone). */
    public int trackedIdentities() {
        return users.identities();
    }

    /** The engine's refusal counters, which this layer's refusals add to. */
    public Refusals refusals() {
        return engine.refusals();
    }

    /** Adds an observer of this server's metrics events (see {@link dev.sio4j.server.ServerObserver}). */
    public void observe(dev.sio4j.server.ServerObserver observer) {
        observers.add(observer);
    }

    /** Removes an observer added with {@link #observe}; false if it was not there. */
    public boolean unobserve(dev.sio4j.server.ServerObserver observer) {
        return observers.remove(observer);
    }

    Observers observers() {
        return observers;
    }

    public void reloadTls() {
        engine.reloadTls();
    }

    public void onConnectionError(Consumer<ConnectionError> listener) {
        engine.onConnectionError(listener);
    }

    SocketEncoder encoder() {
        return encoder;
    }

    /** The payload mapper built from the user's ObjectMapper option. */
    PayloadMapper mapper() {
        return options.payloadMapper();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Where listeners of events from other nodes ({@code serverSideEmit}) run, one at a time: the
     * listener executor when there is one, else the server's timer thread (so, like a
     * connection's event loop, it must not be blocked).
     */
    java.util.concurrent.Executor serverSideExecutor() {
        return serverSideExecutor;
    }

    /** The namespace {@code name}, created when needed. */
    public Namespace of(String name) {
        return namespace(name);
    }

    NamespaceImpl namespace(String name) {
        String n = normalize(name);
        NamespaceImpl known = namespaces.get(n);
        if (known != null) {
            return known;
        }
        boolean[] created = {false};
        NamespaceImpl nsp = namespaces.computeIfAbsent(n, k -> {
            created[0] = true;
            return new NamespaceImpl(this, k, null);
        });
        if (created[0]) {
            announce(nsp);
        }
        return nsp;
    }

    /** The registered namespaces (static and dynamic children), a snapshot. */
    public List<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** Adds a listener of namespaces created from now on (socket.io's "new_namespace"). */
    public void onNewNamespace(Consumer<Namespace> listener) {
        namespaceListeners.add(listener);
    }

    private void announce(NamespaceImpl nsp) {
        for (Consumer<Namespace> l : namespaceListeners) {
            try {
                l.accept(nsp);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ServerCore.class).warn("new namespace listener failed", e);
            }
        }
    }

    /** A dynamic parent namespace. */
    public Namespace ofParent(NamespaceMatcher matcher) {
        ParentNamespace p = new ParentNamespace(this, matcher);
        parents.add(p);
        return p;
    }

    static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            return "/";
        }
        return name.charAt(0) == '/' ? name : "/" + name;
    }

    /** The registered namespace {@code name}, or null. */
    NamespaceImpl existing(String name) {
        return namespaces.get(name);
    }

    /** A child namespace for {@code name} from the first matching parent, or null. */
    NamespaceImpl childFor(String name, JsonNode auth) {
        for (ParentNamespace parent : parents) {
            boolean match;
            try {
                match = parent.matcher().matches(name, auth);
            } catch (RuntimeException e) {
                match = false;
            }
            if (match) {
                boolean[] created = {false};
                NamespaceImpl child = namespaces.computeIfAbsent(name, k -> {
                    created[0] = true;
                    return parent.createChild(k);
                });
                if (created[0]) {
                    announce(child);
                }
                return child;
            }
        }
        return null;
    }

    /** Forgets an empty child namespace (cleanupEmptyChildNamespaces). */
    void removeChild(NamespaceImpl child) {
        if (namespaces.remove(child.name(), child)) {
            child.parent().removeChild(child);
            child.adapter().close();
        }
    }

    private void onConnection(EngineSocket socket) {
        if (closed.get()) {
            socket.close();
            return;
        }
        ConnectionImpl client = new ConnectionImpl(this, socket);
        clients.add(client);
        client.start();
        // A handshake that passed just before a drain began is ended by the drain's next round.
    }

    /** The sessions this server still serves, a snapshot (for the drain). */
    List<ConnectionImpl> clients() {
        return List.copyOf(clients);
    }

    RealEngineServer engine() {
        return engine;
    }

    /** Whether close() was called (a drain may have ended in it). */
    boolean closeStarted() {
        return closed.get();
    }

    /** See {@link dev.sio4j.server.SocketIoServer#shutdown(java.time.Duration)}. */
    public CompletableFuture<Void> shutdown(java.time.Duration deadline) {
        return drain.start(deadline);
    }

    /** See {@link dev.sio4j.server.SocketIoServer#state()}. */
    public dev.sio4j.server.SocketIoServer.State state() {
        if (closeFuture.isDone()) {
            return dev.sio4j.server.SocketIoServer.State.CLOSED;
        }
        if (closed.get()) {
            return dev.sio4j.server.SocketIoServer.State.CLOSING;
        }
        return engine.isDraining() ? dev.sio4j.server.SocketIoServer.State.DRAINING
                : dev.sio4j.server.SocketIoServer.State.RUNNING;
    }

    /**
     * Whether the calling thread must not wait for this server's close: one of its event loops
     * (the close needs them), its timer, or a listener run by a listener executor (the close
     * waits for the sockets' disconnect listeners, which queue behind it).
     */
    public boolean onOwnThread() {
        return engine.inEventLoop() || Thread.currentThread() == timerThread || SerialExecutor.runningTask();
    }

    /** The client's Engine.IO session closed (its event loop). */
    void clientClosed(ConnectionImpl client) {
        clients.remove(client);
    }

    // ---- bookkeeping sizes, for the leak tests (SECURITY-CASES: maps back to baseline) ----

    /** Engine.IO sessions this server still tracks. */
    public int trackedClients() {
        return clients.size();
    }

    /** Namespaces joined or being joined, summed over the tracked clients. */
    public int clientNamespaceEntries() {
        int n = 0;
        for (ConnectionImpl c : clients) {
            n += c.namespaceEntries();
        }
        return n;
    }

    /** The registered namespace names (static and dynamic children). */
    public java.util.Set<String> namespaceNames() {
        return java.util.Set.copyOf(namespaces.keySet());
    }

    /** Tasks waiting on the server's timer (adapter sweeps, broadcast ack timeouts). */
    public int pendingTimers() {
        return scheduler.getQueue().size();
    }

    /** Acks {@code socket} (a socket of this server) still waits for. */
    public static int pendingAcks(dev.sio4j.server.Socket socket) {
        return ((SocketImpl) socket).pendingAcks();
    }

    /** Completes when the adapters of the namespaces registered so far have started. */
    public CompletableFuture<Void> ready() {
        return CompletableFuture.allOf(namespaces.values().stream()
                .map(NamespaceImpl::adapterReady).toArray(CompletableFuture[]::new));
    }

    public CompletableFuture<InetSocketAddress> listen(String host, int port) {
        return engine.listen(host, port);
    }

    public ChannelHandler newHttpHandler() {
        return engine.newHttpHandler();
    }

    public int clientsCount() {
        return engine.clientsCount();
    }

    public CompletableFuture<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        // As socket.io, the sockets close first and the connections after: a session persisted
        // for connection state recovery is in the adapter before its client can reconnect.
        CompletableFuture.allOf(clients.stream().map(ConnectionImpl::shutDown).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, SOCKETS_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(v -> engine.close())
                .whenComplete((v, e) -> {
                    for (NamespaceImpl nsp : List.copyOf(namespaces.values())) {
                        nsp.adapter().close();
                    }
                    scheduler.shutdownNow();
                    closeFuture.complete(null);
                });
        return closeFuture;
    }
}
