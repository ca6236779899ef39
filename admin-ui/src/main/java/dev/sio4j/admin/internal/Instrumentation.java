// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sio4j.adapter.RoomListener;
import dev.sio4j.admin.AdminUiOptions;
import dev.sio4j.admin.AdminUiOptions.Mode;
import dev.sio4j.engine.Transport;
import dev.sio4j.protocol.engineio.EnginePacketType;
import dev.sio4j.server.Connection;
import dev.sio4j.server.Namespace;
import dev.sio4j.server.RemoteSocket;
import dev.sio4j.server.ServerObserver;
import dev.sio4j.server.Socket;
import dev.sio4j.server.SocketIoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link dev.sio4j.admin.AdminUi#instrument} sets up: the admin namespace with its
 * authentication and actions, the statistics timer, and (in development mode) the live updates
 * from every namespace: sockets connecting, upgrading and disconnecting, rooms joined and left,
 * events received and sent.
 *
 * <p>Thread-safe. Hooks run on the threads of the server (event loops) and must stay cheap: each
 * is one emit to the admin namespace.
 */
public final class Instrumentation {

    private static final Logger log = LoggerFactory.getLogger(Instrumentation.class);
    static final List<String> WRITE_FEATURES = List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT");

    private final SocketIoServer io;
    private final AdminUiOptions options;
    private final Namespace admin;
    private final Serializer serializer;
    private final boolean development;
    private final ScheduledThreadPoolExecutor worker;
    private final AggregatedEvents aggregated = new AggregatedEvents();
    /**
     * Engine bytes in and out since the last statistics (the UI's bytes chart): plain adders that
     * the event loops bump through the server's observer, drained into {@link #aggregated} once
     * per statistics interval, so that no packet takes a lock or allocates.
     */
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final ServerObserver bytesObserver = new ServerObserver() {
        @Override
        public void packetReceived(Transport transport, EnginePacketType type, int bytes) {
            bytesIn.add(bytes);
        }

        @Override
        public void packetSent(Transport transport, EnginePacketType type, int bytes) {
            bytesOut.add(bytes);
        }
    };
    /** Weak: a dynamic child namespace removed once empty is not kept alive by the instrumentation. */
    private final Set<Namespace> watched = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));
    /** Connections seen through their sockets, until they close: for pollingClientsCount. */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<Namespace, RoomListener> roomListeners = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final ObjectNode baseStats;
    private final BasicAuthMiddleware basicAuth;
    private final Actions actions;
    private volatile boolean closed;
    private ScheduledFuture<?> statsTimer;

    private Instrumentation(SocketIoServer io, AdminUiOptions options) {
        this.io = io;
        this.options = options;
        this.admin = io.of(options.namespaceName());
        this.serializer = new Serializer(io.options().objectMapper());
        this.development = options.mode() == Mode.DEVELOPMENT;
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sio4j-admin-ui");
            t.setDaemon(true);
            return t;
        });
        worker.setRemoveOnCancelPolicy(true);
        String hostname = hostname();
        this.baseStats = serializer.mapper().createObjectNode()
                .put("serverId", options.serverId() != null ? options.serverId() : hostname)
                .put("hostname", hostname)
                .put("pid", ProcessHandle.current().pid());
        this.basicAuth = options.auth().isNone() ? null : new BasicAuthMiddleware(options.auth(), new Sessions(), worker);
        this.actions = new Actions(io, options.readonly(), options.onActionError());
    }

    /** Instruments {@code io}; see {@link dev.sio4j.admin.AdminUi#instrument}. */
    public static Instrumentation start(SocketIoServer io, AdminUiOptions options) {
        Instrumentation i = new Instrumentation(io, options);
        if (!i.admin.sockets().isEmpty()) {
            throw new IllegalStateException("namespace " + options.namespaceName() + " already has sockets");
        }
        i.init();
        return i;
    }

    private void init() {
        if (basicAuth != null) {
            admin.use(basicAuth);
        } else {
            log.warn("admin UI on {} with AdminAuth.none(): every client that reaches the namespace (and passes "
                    + "your own middlewares on it) administers the server", options.namespaceName());
        }
        admin.on("connection", this::onAdminConnection);
        // Announced namespaces first, then the list, so that none created in between is missed.
        io.onNewNamespace(this::watch);
        io.namespaces().forEach(this::watch);
        io.observe(bytesObserver);
        long ms = options.statsInterval().toMillis();
        statsTimer = worker.scheduleWithFixedDelay(this::emitStats, 0, ms, TimeUnit.MILLISECONDS);
    }

    public Namespace namespace() {
        return admin;
    }

    // ---- the admin sockets ----

    private void onAdminConnection(Socket socket) {
        if (closed) {
            socket.disconnect(false);
            return;
        }
        if (basicAuth != null) {
            String session = basicAuth.takeFreshSession(socket);
            if (session != null) {
                socket.emit("session", session);
            }
        }
        actions.register(socket);
        ObjectNode config = serializer.mapper().createObjectNode();
        ArrayNode features = config.putArray("supportedFeatures");
        if (!options.readonly()) {
            WRITE_FEATURES.forEach(features::add);
        }
        features.add("AGGREGATED_EVENTS");
        if (development) {
            features.add("ALL_EVENTS");
        }
        socket.emit("config", config);
        socket.emit("server_stats", stats(serializer.mapper().createArrayNode()));
        if (development) {
            allSockets().thenAccept(list -> socket.emit("all_sockets", list));
        }
    }

    /** Every socket of every namespace, of every node the adapters reach (this node's alone if a node does not answer). */
    private CompletableFuture<ArrayNode> allSockets() {
        List<CompletableFuture<List<JsonNode>>> parts = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            parts.add(nsp.fetchSockets()
                    .thenApply(sockets -> serializeAll(nsp, sockets))
                    .exceptionally(e -> {
                        log.debug("fetchSockets on {} failed, listing this node's sockets only: {}", nsp.name(), e.toString());
                        List<JsonNode> local = new ArrayList<>();
                        nsp.sockets().values().forEach(s -> local.add(serializer.socket(s, nsp.name())));
                        return local;
                    }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ArrayNode all = serializer.mapper().createArrayNode();
            parts.forEach(p -> all.addAll(p.join()));
            return all;
        });
    }

    private List<JsonNode> serializeAll(Namespace nsp, List<RemoteSocket> sockets) {
        List<JsonNode> out = new ArrayList<>(sockets.size());
        Map<String, Socket> local = nsp.sockets();
        for (RemoteSocket r : sockets) {
            Socket s = local.get(r.id());
            out.add(s != null ? serializer.socket(s, nsp.name()) : serializer.remote(r, nsp.name()));
        }
        return out;
    }

    // ---- statistics ----

    private void emitStats() {
        if (closed) {
            return;
        }
        try {
            long in = bytesIn.sumThenReset();
            long out = bytesOut.sumThenReset();
            if (in > 0) {
                aggregated.add("bytesIn", null, in);
            }
            if (out > 0) {
                aggregated.add("bytesOut", null, out);
            }
            admin.emit("server_stats", stats(aggregated.drain(serializer.mapper())));
        } catch (RuntimeException e) {
            log.warn("admin UI statistics failed", e);
        }
    }

    private ObjectNode stats(ArrayNode aggregatedEvents) {
        ObjectNode stats = baseStats.deepCopy();
        stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        stats.put("clientsCount", io.clientsCount());
        stats.put("pollingClientsCount", connections.stream().filter(c -> c.transport() == Transport.POLLING).count());
        stats.set("aggregatedEvents", aggregatedEvents);
        ArrayNode namespaces = stats.putArray("namespaces");
        for (Namespace nsp : io.namespaces()) {
            namespaces.addObject().put("name", nsp.name()).put("socketsCount", nsp.sockets().size());
        }
        return stats;
    }

    // ---- following every namespace ----

    private void watch(Namespace nsp) {
        if (closed || !watched.add(nsp)) {
            return;
        }
        nsp.on("connection", socket -> onSocket(nsp, socket));
        if (development) {
            String name = nsp.name();      // not the namespace: the map holding the listener is weak on it
            RoomListener rooms = new RoomListener() {
                @Override
                public void onJoin(String room, String id) {
                    emitAdmin("room_joined", name, room, id, Serializer.now());
                }

                @Override
                public void onLeave(String room, String id) {
                    emitAdmin("room_left", name, room, id, Serializer.now());
                }
            };
            if (nsp.adapter().addRoomListener(rooms)) {
                roomListeners.put(nsp, rooms);
            } else {
                log.info("the adapter of {} does not report rooms: the admin UI sees its rooms on refresh only", nsp.name());
            }
        }
    }

    private void onSocket(Namespace nsp, Socket socket) {
        if (closed) {
            return;
        }
        Connection conn = socket.conn();
        if (connections.add(conn)) {
            aggregated.push("rawConnection", null);
            conn.onClose(reason -> {
                connections.remove(conn);
                aggregated.push("rawDisconnection", reason.wireName());
            });
        }
        if (!development) {
            return;
        }
        String id = socket.id();
        emitAdmin("socket_connected", serializer.socket(socket, nsp.name()), Serializer.now());
        conn.onUpgrade(t -> emitAdmin("socket_updated",
                serializer.mapper().createObjectNode().put("id", id).put("nsp", nsp.name()).put("transport", t.wireName())));
        if (nsp != admin) {
            socket.onAny((event, args) -> emitAdmin("event_received", nsp.name(), id,
                    serializer.eventArgs(event, args), Serializer.now()));
            socket.onAnyOutgoing((event, args) -> emitAdmin("event_sent", nsp.name(), id,
                    serializer.eventArgs(event, args), Serializer.now()));
        }
        socket.on("disconnect", (JsonNode reason) -> emitAdmin("socket_disconnected", nsp.name(), id,
                reason.asText(), Serializer.now()));
    }

    private void emitAdmin(String event, Object... args) {
        if (!closed) {
            admin.emit(event, args);
        }
    }

    // ---- lifecycle ----

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        io.unobserve(bytesObserver);
        if (statsTimer != null) {
            statsTimer.cancel(false);
        }
        synchronized (roomListeners) {
            roomListeners.forEach((nsp, l) -> nsp.adapter().removeRoomListener(l));
            roomListeners.clear();
        }
        admin.local().disconnectSockets(false);
        worker.shutdown();
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
