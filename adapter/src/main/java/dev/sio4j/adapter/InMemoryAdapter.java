// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sio4j.adapter.internal.SessionStore;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketPacket;
import dev.sio4j.protocol.socketio.SocketPacketType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The default {@link Adapter}: rooms and broadcast for the sockets of one node, plus the
 * connection state recovery store when the namespace has recovery on (socket.io's
 * {@code Adapter} and {@code SessionAwareAdapter} in one).
 *
 * <p>Cluster adapters extend it: they publish to other nodes and use the protected local
 * operations ({@link #localTargets}, {@link #localBroadcast}) for this node's share.
 *
 * <pre>{@code
 * SocketIoServer.builder().adapter(InMemoryAdapter::new).build();   // the default
 * }</pre>
 *
 * <p>Thread-safe: room state is guarded by one monitor that is never held while delivering.
 */
public class InMemoryAdapter implements Adapter {

    private final AdapterNamespace nsp;
    private final Object lock = new Object();
    private final Map<String, Set<String>> rooms = new HashMap<>();
    private final Map<String, Set<String>> sids = new HashMap<>();
    private final SessionStore sessions;
    private final java.util.concurrent.CopyOnWriteArrayList<RoomListener> roomListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> sweep;

    /** The adapter of {@code nsp}. */
    public InMemoryAdapter(AdapterNamespace nsp) {
        this.nsp = nsp;
        Duration window = nsp.maxDisconnectionDuration();
        this.sessions = window == null ? null : new SessionStore(window, System::currentTimeMillis);
    }

    /** The namespace this adapter serves. */
    protected final AdapterNamespace namespace() {
        return nsp;
    }

    @Override
    public CompletableFuture<Void> init() {
        if (sessions != null) {
            // Without traffic nothing would prune, so sweep once a minute as socket.io does, or
            // once per window when the window is shorter, so that nothing outlives it by much.
            long period = Math.max(1, Math.min(60_000, nsp.maxDisconnectionDuration().toMillis()));
            sweep = nsp.scheduler().scheduleWithFixedDelay(sessions::prune, period, period, TimeUnit.MILLISECONDS);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addAll(String id, Set<String> roomsToJoin) {
        List<String> joined = roomListeners.isEmpty() ? null : new ArrayList<>();
        synchronized (lock) {
            // A socket stays in sids while it is there, even in no room: "every socket" broadcasts read its keys.
            sids.putIfAbsent(id, Set.of());
            for (String room : roomsToJoin) {
                if (addMember(sids, id, room) && joined != null) {
                    joined.add(room);
                }
                if (!rooms.containsKey(room)) {
                    rooms.put(room, Set.of(id));
                    onRoomCreated(room, isSocketRoom(id, room));
                } else {
                    addMember(rooms, room, id);
                }
            }
        }
        notifyRooms(joined, id, true);
    }

    @Override
    public void del(String id, String room) {
        boolean left;
        synchronized (lock) {
            removeMember(sids, id, room, true);
            left = removeFromRoom(id, room);
        }
        if (left && !roomListeners.isEmpty()) {
            notifyRooms(List.of(room), id, false);
        }
    }

    @Override
    public void delAll(String id) {
        List<String> left = roomListeners.isEmpty() ? null : new ArrayList<>();
        synchronized (lock) {
            Set<String> mine = sids.remove(id);
            if (mine != null) {
                for (String room : mine) {
                    if (removeFromRoom(id, room) && left != null) {
                        left.add(room);
                    }
                }
            }
        }
        notifyRooms(left, id, false);
    }

    /** Removes {@code id} from {@code room}'s members; whether it was one. */
    private boolean removeFromRoom(String id, String room) {
        if (!removeMember(rooms, room, id, false)) {
            return false;
        }
        if (!rooms.containsKey(room)) {
            onRoomDeleted(room, isSocketRoom(id, room));
        }
        return true;
    }

    /*
     * The sets of both maps: most hold one element for life (a socket's own room has one member,
     * an idle socket is in one room), so a set of one is the immutable Set.of(x), shared nothing
     * but costing one small object, and becomes a LinkedHashSet (insertion order) at its second
     * element. An emptied room leaves its map; an emptied socket's set becomes the shared Set.of().
     * Callers hold the lock.
     */

    /** Adds {@code member} to {@code key}'s set; whether it was not there. */
    private static boolean addMember(Map<String, Set<String>> map, String key, String member) {
        Set<String> set = map.get(key);
        if (set == null || set.isEmpty()) {
            map.put(key, Set.of(member));
            return true;
        }
        if (set.contains(member)) {
            return false;
        }
        if (set instanceof LinkedHashSet<String> grown) {
            grown.add(member);
        } else {
            Set<String> grown = new LinkedHashSet<>(set);
            grown.add(member);
            map.put(key, grown);
        }
        return true;
    }

    /**
     * Removes {@code member} from {@code key}'s set; whether it was there. An emptied set leaves
     * the map, or with {@code keepEmpty} is replaced by the empty set.
     */
    private static boolean removeMember(Map<String, Set<String>> map, String key, String member, boolean keepEmpty) {
        Set<String> set = map.get(key);
        if (set == null || !set.contains(member)) {
            return false;
        }
        if (set.size() == 1) {
            if (keepEmpty) {
                map.put(key, Set.of());
            } else {
                map.remove(key);
            }
        } else {
            set.remove(member);
        }
        return true;
    }

    /** Tells the room listeners, outside the lock; a failing listener does not stop the others. */
    private void notifyRooms(List<String> changed, String id, boolean joined) {
        if (changed == null || changed.isEmpty()) {
            return;
        }
        for (RoomListener l : roomListeners) {
            for (String room : changed) {
                try {
                    if (joined) {
                        l.onJoin(room, id);
                    } else {
                        l.onLeave(room, id);
                    }
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(InMemoryAdapter.class).warn("room listener failed", e);
                }
            }
        }
    }

    @Override
    public boolean addRoomListener(RoomListener listener) {
        roomListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return true;
    }

    @Override
    public void removeRoomListener(RoomListener listener) {
        roomListeners.remove(listener);
    }

    /** Whether {@code room} is a socket's own room: the id of the socket joining or leaving it, or of another local socket. */
    private boolean isSocketRoom(String id, String room) {
        return room.equals(id) || sids.containsKey(room);
    }

    /**
     * Called when {@code room} gets its first member on this node (socket.io's "create-room"),
     * e.g. for a cluster adapter to subscribe the room's channel. {@code socketRoom}: the room is
     * a local socket's own id. Called while the room state's lock is held, in the order rooms
     * come and go, so it must be quick, must not block and must not call back into the adapter.
     * Default: nothing.
     */
    protected void onRoomCreated(String room, boolean socketRoom) {
    }

    /** Called when {@code room} loses its last member on this node ("delete-room"); as {@link #onRoomCreated}. */
    protected void onRoomDeleted(String room, boolean socketRoom) {
    }

    /** Whether {@code room} has a member on this node. Cheap: no copy. */
    protected final boolean hasRoom(String room) {
        synchronized (lock) {
            return rooms.containsKey(room);
        }
    }

    @Override
    public void broadcast(SocketPacket packet, BroadcastOptions opts) {
        localBroadcast(recordForRecovery(packet, opts), opts);
    }

    /**
     * With recovery on, returns {@code packet} with its offset appended and remembers it; else
     * returns it unchanged. Cluster adapters call it before publishing so all nodes see the
     * same offset.
     */
    protected SocketPacket recordForRecovery(SocketPacket packet, BroadcastOptions opts) {
        if (sessions == null || packet.type() != SocketPacketType.EVENT || packet.id() != null || opts.flags().volatile_()
                || !(packet.data() instanceof ArrayNode data)) {
            return packet;
        }
        return new SocketPacket(packet.type(), packet.namespace(), sessions.record(data, opts), null);
    }

    /** Delivers {@code packet} to this node's sockets matching {@code opts}, encoding it once. */
    protected int localBroadcast(SocketPacket packet, BroadcastOptions opts) {
        SocketPacket p = withNamespace(packet);
        List<LocalSocket> targets = localTargets(opts);
        if (targets.isEmpty()) {
            return 0;
        }
        EncodedPacket encoded = nsp.encoder().encode(p);
        try (PreparedPacket prepared = nsp.prepare(encoded, opts.flags())) {
            for (LocalSocket socket : targets) {
                socket.deliver(prepared, p);
            }
        }
        return targets.size();
    }

    @Override
    public void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<JsonNode> onResponse) {
        long id = nsp.nextAckId();
        SocketPacket p = new SocketPacket(packet.type(), nsp.name(), packet.data(), id);
        List<LocalSocket> targets = localTargets(opts);
        if (!targets.isEmpty()) {
            EncodedPacket encoded = nsp.encoder().encode(p);
            try (PreparedPacket prepared = nsp.prepare(encoded, opts.flags())) {
                for (LocalSocket socket : targets) {
                    socket.expectAck(id, opts.flags().timeout(), onResponse);
                    socket.deliver(prepared, p);
                }
            }
        }
        clientCount.accept(targets.size());
    }

    private SocketPacket withNamespace(SocketPacket packet) {
        return nsp.name().equals(packet.namespace()) ? packet
                : new SocketPacket(packet.type(), nsp.name(), packet.data(), packet.id());
    }

    /**
     * The local sockets matching {@code opts}, each once: members of any target room (every
     * socket when there is none) that are in no excepted room. A snapshot.
     */
    protected List<LocalSocket> localTargets(BroadcastOptions opts) {
        List<String> ids;
        synchronized (lock) {
            // The common broadcasts (everyone, one room, no exception) build no sets: this runs
            // for every message a fan-out sends.
            Set<String> except = Set.of();
            if (!opts.except().isEmpty()) {
                except = new HashSet<>();
                for (String room : opts.except()) {
                    Set<String> members = rooms.get(room);
                    if (members != null) {
                        except.addAll(members);
                    }
                }
            }
            if (opts.rooms().isEmpty()) {
                ids = new ArrayList<>(sids.size());
                for (String id : sids.keySet()) {
                    if (except.isEmpty() || !except.contains(id)) {
                        ids.add(id);
                    }
                }
            } else {
                ids = new ArrayList<>();
                // A room's members are distinct: only several rooms need the "each once" set.
                Set<String> seen = opts.rooms().size() > 1 ? new HashSet<>() : null;
                for (String room : opts.rooms()) {
                    Set<String> members = rooms.get(room);
                    if (members == null) {
                        continue;
                    }
                    for (String id : members) {
                        if ((except.isEmpty() || !except.contains(id)) && (seen == null || seen.add(id))) {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        List<LocalSocket> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            LocalSocket s = nsp.socket(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public Set<String> sockets(Set<String> roomSet) {
        List<LocalSocket> targets = localTargets(new BroadcastOptions(roomSet, Set.of(), BroadcastFlags.DEFAULT));
        Set<String> out = new LinkedHashSet<>();
        for (LocalSocket s : targets) {
            out.add(s.id());
        }
        return out;
    }

    @Override
    public Set<String> socketRooms(String id) {
        synchronized (lock) {
            Set<String> mine = sids.get(id);
            return mine == null ? Set.of() : Set.copyOf(mine);
        }
    }

    @Override
    public Map<String, Set<String>> rooms() {
        synchronized (lock) {
            Map<String, Set<String>> copy = new HashMap<>();
            rooms.forEach((room, members) -> copy.put(room, Set.copyOf(members)));
            return copy;
        }
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        return CompletableFuture.completedFuture(List.copyOf(localTargets(opts)));
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> roomSet) {
        for (LocalSocket s : localTargets(opts)) {
            s.join(roomSet);
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> roomSet) {
        for (LocalSocket s : localTargets(opts)) {
            for (String room : roomSet) {
                s.leave(room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (LocalSocket s : localTargets(opts)) {
            s.disconnect(close);
        }
    }

    @Override
    public void serverSideEmit(List<JsonNode> args) {
        // A single node has no other server to tell.
    }

    @Override
    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(List<JsonNode> args, Duration timeout) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void persistSession(PersistedSession session) {
        if (sessions != null) {
            sessions.persist(session);
        }
    }

    @Override
    public CompletableFuture<Optional<RestoredSession>> restoreSession(String pid, String offset) {
        if (sessions == null || pid == null || offset == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(sessions.restore(pid, offset));
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    @Override
    public void close() {
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
        synchronized (lock) {
            rooms.clear();
            sids.clear();
        }
        if (sessions != null) {
            sessions.clear();
        }
    }

    /** Packets and sessions held for recovery (0 when recovery is off); for tests. */
    int recoveryStoreSize() {
        return sessions == null ? 0 : sessions.size();
    }
}
