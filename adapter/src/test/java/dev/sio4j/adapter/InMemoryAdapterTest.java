// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.protocol.socketio.EncodedPacket;
import dev.sio4j.protocol.socketio.SocketEncoder;
import dev.sio4j.protocol.socketio.SocketPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAdapterTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A namespace view that records what was prepared and delivered. */
    final class FakeNamespace implements AdapterNamespace {
        final Map<String, FakeSocket> sockets = new HashMap<>();
        final List<EncodedPacket> prepared = new ArrayList<>();
        int closedPrepared;
        final Duration window;
        long ids;

        FakeNamespace(Duration window) {
            this.window = window;
        }

        FakeSocket add(String id) {
            FakeSocket s = new FakeSocket(id);
            sockets.put(id, s);
            return s;
        }

        @Override public String name() { return "/"; }
        @Override public LocalSocket socket(String id) { return sockets.get(id); }
        @Override public SocketEncoder encoder() { return new SocketEncoder(); }
        @Override public PayloadMapper mapper() { return PayloadMapper.create(); }
        @Override public PreparedPacket prepare(EncodedPacket encoded, BroadcastFlags flags) {
            prepared.add(encoded);
            return () -> closedPrepared++;
        }
        @Override public long nextAckId() { return ids++; }
        @Override public Duration maxDisconnectionDuration() { return window; }
        @Override public ScheduledExecutorService scheduler() { return scheduler; }
        @Override public void onServerSideEmit(List<JsonNode> args, Consumer<JsonNode> ack) { }
    }

    static final class FakeSocket implements LocalSocket {
        final String id;
        final List<SocketPacket> received = new ArrayList<>();
        final Map<Long, Consumer<JsonNode>> acks = new HashMap<>();

        FakeSocket(String id) {
            this.id = id;
        }

        @Override public boolean deliver(PreparedPacket prepared, SocketPacket packet) { received.add(packet); return true; }
        @Override public void expectAck(long ackId, Duration timeout, Consumer<JsonNode> r) { acks.put(ackId, r); }
        @Override public void join(Set<String> rooms) { }
        @Override public void leave(String room) { }
        @Override public void disconnect(boolean close) { }
        @Override public String id() { return id; }
        @Override public JsonNode handshakeJson() { return JsonNodeFactory.instance.objectNode(); }
        @Override public Set<String> rooms() { return Set.of(); }
        @Override public Map<String, Object> data() { return Map.of(); }
    }

    private static SocketPacket event(String name) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode().add(name);
        return SocketPacket.event("/", a);
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
    }

    @Test
    void roomsAreTrackedAndEmptyRoomsRemoved() {
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        a.addAll("s1", Set.of("s1", "r1", "r2"));
        a.addAll("s2", Set.of("s2", "r1"));
        assertThat(a.socketRooms("s1")).containsExactlyInAnyOrder("s1", "r1", "r2");
        a.del("s1", "r2");
        assertThat(a.rooms()).doesNotContainKey("r2");
        a.delAll("s1");
        assertThat(a.rooms()).containsOnlyKeys("s2", "r1");
        assertThat(a.socketRooms("s1")).isEmpty();
    }

    @Test
    void roomSetsGrowPastOneAndShrinkBackKeepingOrderAndMembers() {
        // A set of one member is stored compactly and grown at the second: every step must read the same.
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        for (String id : List.of("s1", "s2", "s3")) {
            nsp.add(id);
            a.addAll(id, Set.of(id));
        }
        a.addAll("s1", Set.of("r"));
        a.addAll("s1", Set.of("r"));               // twice: still one membership
        assertThat(a.sockets(Set.of("r"))).containsExactly("s1");
        a.addAll("s2", Set.of("r"));
        a.addAll("s3", Set.of("r"));
        assertThat(a.sockets(Set.of("r"))).containsExactly("s1", "s2", "s3");
        a.del("s2", "r");
        a.del("s2", "r");                          // leaving twice changes nothing
        assertThat(a.sockets(Set.of("r"))).containsExactly("s1", "s3");
        a.del("s1", "r");
        a.del("s3", "r");
        assertThat(a.rooms()).doesNotContainKey("r");
        a.addAll("s1", Set.of("r", "q"));
        assertThat(a.socketRooms("s1")).containsExactlyInAnyOrder("s1", "r", "q");
        assertThat(a.rooms()).containsEntry("r", Set.of("s1")).containsEntry("q", Set.of("s1"));
    }

    @Test
    void aSocketInNoRoomStillGetsWhatGoesToEveryone() {
        // As socket.io's adapter: a socket that left even its own room stays a socket of the namespace.
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        FakeSocket s1 = nsp.add("s1");
        FakeSocket s2 = nsp.add("s2");
        a.addAll("s1", Set.of("s1"));
        a.addAll("s2", Set.of());
        a.del("s1", "s1");
        assertThat(a.socketRooms("s1")).isEmpty();
        a.broadcast(event("all"), to(Set.of(), Set.of()));
        assertThat(s1.received).hasSize(1);
        assertThat(s2.received).hasSize(1);
        a.addAll("s1", Set.of("r"));
        assertThat(a.socketRooms("s1")).containsExactly("r");
        a.delAll("s1");
        a.broadcast(event("again"), to(Set.of(), Set.of()));
        assertThat(s1.received).hasSize(1);
        assertThat(s2.received).hasSize(2);
    }

    @Test
    void broadcastEncodesOnceAndTargetsRoomsMinusExcept() {
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        FakeSocket s1 = nsp.add("s1"), s2 = nsp.add("s2"), s3 = nsp.add("s3");
        a.addAll("s1", Set.of("s1", "r1"));
        a.addAll("s2", Set.of("s2", "r1", "r2"));
        a.addAll("s3", Set.of("s3", "r2", "banned"));
        a.broadcast(event("x"), to(Set.of("r1", "r2"), Set.of("banned")));
        assertThat(nsp.prepared).hasSize(1);
        assertThat(nsp.closedPrepared).isEqualTo(1);
        assertThat(s1.received).hasSize(1);
        assertThat(s2.received).as("union delivers once").hasSize(1);
        assertThat(s3.received).isEmpty();
        a.broadcast(event("all"), to(Set.of(), Set.of("s1")));
        assertThat(s1.received).hasSize(1);
        assertThat(s3.received).hasSize(1);
        assertThat(a.sockets(Set.of("r2"))).containsExactlyInAnyOrder("s2", "s3");
        a.broadcast(event("nobody"), to(Set.of("empty"), Set.of()));
        assertThat(nsp.prepared).as("no targets, nothing encoded").hasSize(2);
    }

    @Test
    void everyShapeOfTargetsDeliversEachSocketOnce() {
        // The selection skips its sets when it can (no exception, a single room): each shape here.
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        FakeSocket s1 = nsp.add("s1"), s2 = nsp.add("s2"), s3 = nsp.add("s3");
        a.addAll("s1", Set.of("s1", "r1"));
        a.addAll("s2", Set.of("s2", "r1", "r2"));
        a.addAll("s3", Set.of("s3", "r2"));
        a.broadcast(event("everyone"), to(Set.of(), Set.of()));
        a.broadcast(event("one room"), to(Set.of("r1"), Set.of()));
        a.broadcast(event("one room but"), to(Set.of("r2"), Set.of("r1")));
        a.broadcast(event("two rooms"), to(Set.of("r1", "r2"), Set.of()));
        a.broadcast(event("missing room"), to(Set.of("nope"), Set.of()));
        a.broadcast(event("all but missing"), to(Set.of(), Set.of("nope")));
        assertThat(names(s1)).containsExactly("everyone", "one room", "two rooms", "all but missing");
        assertThat(names(s2)).containsExactly("everyone", "one room", "two rooms", "all but missing");
        assertThat(names(s3)).containsExactly("everyone", "one room but", "two rooms", "all but missing");
    }

    private static List<String> names(FakeSocket socket) {
        return socket.received.stream().map(p -> ((ArrayNode) p.data()).get(0).asText()).toList();
    }

    @Test
    void broadcastWithAckAssignsOneIdAndCountsClients() {
        FakeNamespace nsp = new FakeNamespace(null);
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        FakeSocket s1 = nsp.add("s1"), s2 = nsp.add("s2");
        a.addAll("s1", Set.of("s1"));
        a.addAll("s2", Set.of("s2"));
        int[] count = {-1};
        List<JsonNode> responses = new ArrayList<>();
        a.broadcastWithAck(event("q"), BroadcastOptions.ALL, n -> count[0] = n, responses::add);
        assertThat(count[0]).isEqualTo(2);
        long id = s1.received.get(0).id();
        assertThat(s2.received.get(0).id()).isEqualTo(id);
        s1.acks.get(id).accept(JsonNodeFactory.instance.numberNode(1));
        assertThat(responses).hasSize(1);
        assertThat(a.serverCount().join()).isEqualTo(1);
        assertThat(a.serverSideEmitWithAck(List.of(), Duration.ofSeconds(1)).join()).isEmpty();
    }

    @Test
    void recoveryStoresOffsetsAndReplaysOnlyMatchingPacketsOnce() {
        FakeNamespace nsp = new FakeNamespace(Duration.ofMinutes(2));
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        FakeSocket s1 = nsp.add("s1");
        a.addAll("s1", Set.of("s1", "news"));
        a.broadcast(event("first"), BroadcastOptions.ALL);
        String offset = s1.received.get(0).data().get(1).asText();
        a.persistSession(new PersistedSession("s1", "pid-1", Set.of("s1", "news"), new HashMap<>()));
        a.delAll("s1");
        a.broadcast(event("news"), to(Set.of("news"), Set.of()));
        a.broadcast(event("sports"), to(Set.of("sports"), Set.of()));
        a.broadcast(event("excluded"), to(Set.of(), Set.of("news")));
        a.broadcast(event("volatile"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile(true)));
        a.broadcast(event("all"), BroadcastOptions.ALL);

        assertThat(a.restoreSession("forged", offset).join()).isEmpty();
        assertThat(a.restoreSession("pid-1", "forged").join()).isEmpty();
        RestoredSession r = a.restoreSession("pid-1", offset).join().orElseThrow();
        assertThat(r.session().sid()).isEqualTo("s1");
        assertThat(r.missedPackets()).extracting(p -> p.get(0).asText()).containsExactly("news", "all");
        assertThat(r.missedPackets()).allMatch(p -> p.size() == 2);
        assertThat(a.restoreSession("pid-1", offset).join()).as("handed out once").isEmpty();
        a.close();
        assertThat(a.recoveryStoreSize()).isZero();
    }

    @Test
    void aShortRecoveryWindowIsSweptWithoutTraffic() {
        FakeNamespace nsp = new FakeNamespace(Duration.ofMillis(100));
        InMemoryAdapter a = new InMemoryAdapter(nsp);
        a.init();
        a.persistSession(new PersistedSession("s1", "pid-1", Set.of("s1"), new HashMap<>()));
        a.broadcast(SocketPacket.event("/", JsonNodeFactory.instance.arrayNode().add("e")),
                new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT));
        assertThat(a.recoveryStoreSize()).isEqualTo(2);
        // socket.io sweeps once a minute; a window shorter than that is swept once per window
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> a.recoveryStoreSize() == 0);
        a.close();
    }

    @Test
    void roomHooksTellWhenARoomGetsItsFirstAndLosesItsLastMember() {
        FakeNamespace nsp = new FakeNamespace(null);
        List<String> events = new ArrayList<>();
        InMemoryAdapter adapter = new InMemoryAdapter(nsp) {
            @Override
            protected void onRoomCreated(String room, boolean socketRoom) {
                events.add("+" + room + (socketRoom ? " (socket)" : ""));
            }

            @Override
            protected void onRoomDeleted(String room, boolean socketRoom) {
                events.add("-" + room + (socketRoom ? " (socket)" : ""));
            }
        };
        adapter.addAll("s1", Set.of("s1"));
        adapter.addAll("s1", Set.of("r"));
        adapter.addAll("s2", Set.of("s2"));
        adapter.addAll("s2", Set.of("r"));
        assertThat(adapter.hasRoom("r")).isTrue();
        adapter.del("s1", "r");
        adapter.delAll("s2");
        adapter.delAll("s1");
        assertThat(adapter.hasRoom("r")).isFalse();
        assertThat(events).containsExactly("+s1 (socket)", "+r", "+s2 (socket)", "-s2 (socket)", "-r", "-s1 (socket)");
    }

    @Test
    void roomListenersHearRealJoinsAndLeavesOnly() {
        InMemoryAdapter a = new InMemoryAdapter(new FakeNamespace(null));
        List<String> events = new ArrayList<>();
        RoomListener recorder = new RoomListener() {
            @Override public void onJoin(String room, String id) { events.add("+" + room + " " + id); }
            @Override public void onLeave(String room, String id) { events.add("-" + room + " " + id); }
        };
        RoomListener failing = new RoomListener() {
            @Override public void onJoin(String room, String id) { throw new IllegalStateException("listener bug"); }
            @Override public void onLeave(String room, String id) { throw new IllegalStateException("listener bug"); }
        };
        assertThat(a.addRoomListener(failing)).isTrue();
        assertThat(a.addRoomListener(recorder)).isTrue();
        a.addAll("s1", new java.util.LinkedHashSet<>(List.of("s1", "r1")));
        a.addAll("s1", Set.of("r1"));              // already a member: nothing
        a.del("s1", "absent");                     // not a member: nothing
        a.addAll("s2", Set.of("r1"));
        a.del("s2", "r1");
        a.delAll("s1");
        a.removeRoomListener(recorder);
        a.addAll("s3", Set.of("r9"));
        assertThat(events).containsExactly("+s1 s1", "+r1 s1", "+r1 s2", "-r1 s2", "-s1 s1", "-r1 s1");
        assertThat(a.rooms()).containsOnlyKeys("r9");
    }

    @Test
    void anAdapterWithoutRoomEventsSaysSo() {
        Adapter bare = (Adapter) java.lang.reflect.Proxy.newProxyInstance(Adapter.class.getClassLoader(),
                new Class<?>[] {Adapter.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RoomListener l = new RoomListener() {
            @Override public void onJoin(String room, String id) { }
            @Override public void onLeave(String room, String id) { }
        };
        assertThat(bare.addRoomListener(l)).isFalse();
        bare.removeRoomListener(l);
    }
}
